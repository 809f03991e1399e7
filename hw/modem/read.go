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
	var c Conn
	if r.DialBus != nil {
		if c, err = r.DialBus(); err != nil {
			c, err = nil, nil // no bus: no ModemManager
		}
	}
	if c != nil {
		err = c.SetDeadline(time.Now().Add(r.Timeout))
		var ms []Modem
		if err == nil {
			ms, err = QueryModemManager(c, r.UID)
		}
		c.Close()
		if err == nil {
			for i := range ms {
				ms[i].Removable = removable(r.FS, ms[i].Device)
			}
			return ms, nil
		}
		if !errors.Is(err, ErrNoService) {
			// The bus is there but the answer is not: ModemManager may
			// run, so its ports stay untouched.
			for i := range found {
				found[i].Ports = nil
			}
			err = fmt.Errorf("ModemManager: %w", err)
		} else {
			err = nil
		}
	}
	out := make([]Modem, 0, len(found))
	for _, f := range found {
		m := Modem{Device: f.Device, Removable: f.Removable}
		if err != nil {
			m.Errs = []error{err}
		} else {
			m = r.fromAT(f, m)
		}
		out = append(out, m)
	}
	return out, nil
}

// fromAT tries the modem's ports in turn until one answers AT commands.
func (r Reader) fromAT(f Found, m Modem) Modem {
	if len(f.Ports) == 0 {
		m.Errs = append(m.Errs, errors.New("no port for AT commands"))
	}
	for i, name := range f.Ports {
		if i == maxProbedPorts {
			break
		}
		p, err := r.OpenPort(name)
		if err != nil {
			m.Errs = append(m.Errs, err)
			continue
		}
		got, err := QueryAT(p, r.Timeout)
		if cerr := p.Close(); cerr != nil {
			got.Errs = append(got.Errs, fmt.Errorf("%s: restore settings: %w", name, cerr))
		}
		if err != nil {
			m.Errs = append(m.Errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		got.Device, got.Removable, got.Via = f.Device, f.Removable, name
		return got
	}
	return m
}
