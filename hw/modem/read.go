package modem

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"
)

// Conn is a connection to the system bus.
type Conn interface {
	io.ReadWriteCloser
	SetDeadline(t time.Time) error
}

// OpenPort is an AT port open for one dialogue; Close leaves it as found.
type OpenPort interface {
	Port
	io.Closer
}

// Reader reads every modem of a machine.
type Reader struct {
	FS       fs.FS                               // the machine root, for sysfs
	DialBus  func() (Conn, error)                // the system bus
	OpenPort func(name string) (OpenPort, error) // name is a /dev entry, e.g. "ttyUSB2"
	UID      int                                 // for the bus's EXTERNAL authentication
	Timeout  time.Duration                       // per bus query and per AT command
}

// maxProbedPorts bounds the ports tried per modem when ModemManager gives
// no hints: Mender stops an inventory script after 10 s.
const maxProbedPorts = 3

// Read returns the machine's modems. With ModemManager on the bus it asks
// ModemManager only: it owns the modem ports, and a second talker on them
// breaks its dialogues. Only when nothing answers for ModemManager does it
// talk AT on the ports found in sysfs. Errors of single modems are in their
// Errs; the error is for a machine whose sysfs cannot be read.
func (r Reader) Read() ([]Modem, error) {
	found, err := Find(r.FS)
	if err != nil {
		return nil, fmt.Errorf("find modems: %w", err)
	}
	if ms, asked, err := r.fromModemManager(); asked {
		if err != nil {
			// The bus is there but the answer is not: ModemManager may
			// run, so its ports stay untouched.
			out := make([]Modem, len(found))
			for i, f := range found {
				out[i] = Modem{Device: f.Device, Removable: f.Removable, Errs: []error{fmt.Errorf("ModemManager: %w", err)}}
			}
			return out, nil
		}
		for i := range ms {
			if ms[i].Device != "" {
				ms[i].Removable = removable(r.FS, ms[i].Device)
			}
		}
		return ms, nil
	}
	out := make([]Modem, 0, len(found))
	for _, f := range found {
		out = append(out, r.fromAT(f))
	}
	return out, nil
}

// fromModemManager reports asked=false when ModemManager is not there (no
// bus, or the bus says the name has no owner).
func (r Reader) fromModemManager() (ms []Modem, asked bool, err error) {
	if r.DialBus == nil {
		return nil, false, nil
	}
	c, err := r.DialBus()
	if err != nil {
		return nil, false, nil
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(r.Timeout)); err != nil {
		return nil, true, err
	}
	ms, err = QueryModemManager(c, r.UID)
	if errors.Is(err, ErrNoService) {
		return nil, false, nil
	}
	return ms, true, err
}

func (r Reader) fromAT(f Found) Modem {
	m := Modem{Device: f.Device, Removable: f.Removable}
	if len(f.Ports) == 0 {
		m.Errs = append(m.Errs, errors.New("no port for AT commands"))
		return m
	}
	var errs []error
	for i, name := range f.Ports {
		if i == maxProbedPorts {
			break
		}
		p, err := r.OpenPort(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got, err := QueryAT(p, r.Timeout)
		if cerr := p.Close(); cerr != nil {
			got.Errs = append(got.Errs, fmt.Errorf("%s: restore settings: %w", name, cerr))
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		got.Device, got.Removable, got.Via = f.Device, f.Removable, name
		return got
	}
	m.Errs = append(m.Errs, errs...)
	return m
}
