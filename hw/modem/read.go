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

// errNoPort is a modem without a port that may speak AT.
const errNoPort = Error("no port for AT commands")

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
	busErr := error(ErrNoService) // no bus: no ModemManager
	if r.DialBus != nil {
		if c, err := r.DialBus(); err == nil {
			var ms []Modem
			if busErr = c.SetDeadline(time.Now().Add(r.Timeout)); busErr == nil {
				ms, busErr = QueryModemManager(c, r.UID)
			}
			c.Close()
			if busErr == nil {
				for i := range ms {
					ms[i].Removable = removable(r.FS, ms[i].Device)
				}
				return ms, nil
			}
		}
	}
	out := make([]Modem, len(found))
	for i, f := range found {
		m := &out[i]
		m.Device, m.Removable = f.Device, f.Removable
		if !errors.Is(busErr, ErrNoService) {
			// The bus is there but the answer is not: ModemManager may
			// run, so its ports stay untouched.
			m.Errs = []error{fmt.Errorf("ModemManager: %w", busErr)}
			continue
		}
		if len(f.Ports) == 0 {
			m.Errs = []error{errNoPort}
		}
		// The ports in turn until one answers AT commands.
		for j, name := range f.Ports {
			if j == maxProbedPorts {
				break
			}
			p, err := r.OpenPort(name)
			if err == nil {
				var got Modem
				got, err = QueryAT(p, r.Timeout)
				if cerr := p.Close(); cerr != nil {
					got.Errs = append(got.Errs, fmt.Errorf("%s: restore settings: %w", name, cerr))
				}
				if err == nil {
					got.Device, got.Removable, got.Via = f.Device, f.Removable, name
					*m = got
					break
				}
				err = fmt.Errorf("%s: %w", name, err)
			}
			m.Errs = append(m.Errs, err)
		}
	}
	return out, nil
}
