package machine

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"

	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// DefaultConfigPath is read under the root; its absence means Mender's
// default scheme.
const DefaultConfigPath = "/etc/hwident.conf"

// maxConfig bounds a config file: a 100,000-attribute config is about
// 3 MB; more is not a config (--config /dev/zero, a log file by mistake).
// A pin file holds the identity lines of the largest config.
const maxConfig = 4 << 20

// LoadConfig reads the config: an explicit --config path as given on this
// host, otherwise /etc/hwident.conf under the root. Only a config that
// does not exist at all means Mender's default scheme: one that exists but
// cannot be read (a dangling link before /data is mounted, EACCES, ELOOP,
// EIO, a FIFO) is an error, or the device would change its identity.
func (m *Machine) LoadConfig(explicit string) (*identity.Config, error) {
	var fsys fs.FS = m.FS
	name, file := DefaultConfigPath, rel(DefaultConfigPath)
	if explicit != "" { // a path of this host, as its kernel resolves it
		fsys, name, file = rootfs.Host, explicit, explicit
	}
	b, err := rootfs.ReadFile(fsys, file, maxConfig)
	switch {
	case explicit == "" && rootfs.Missing(err):
		return identity.DefaultConfig(), nil
	case explicit == "" && err != nil:
		return nil, fmt.Errorf("%w (no fallback to Mender's default scheme)", fileError("read config", name, err))
	case err != nil:
		return nil, fileError("read config", name, err)
	}
	cfg, err := identity.ParseConfig(string(b))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", quotePath(name), err)
	}
	return cfg, nil
}

// Pin is the @pin decision: which identity a config resolves to, and why.
// `hwident identity`, `show` and `inventory` all act on this one decision.
type Pin int

const (
	Unpinned    Pin = iota // no @pin: the hardware's identity
	PinMissing             // nothing pinned yet: the hardware's identity, for the caller to pin
	PinBroken              // the pin file cannot be read: the error of Resolve
	PinMatches             // the pinned identity, which the hardware still reads
	PinDrift               // the pinned identity; the hardware now reads Live
	PinUnreadHW            // the pinned identity; the hardware cannot be read (LiveErr)
)

// Resolution is what a config resolves to on the machine.
type Resolution struct {
	Identity identity.Identity // what to emit (nil when Resolve fails)
	Pin      Pin
	Live     identity.Identity // what the hardware reads now
	LiveErr  error             // why it cannot be read
}

// Resolve reads every attribute of cfg. Any attribute that cannot be read
// fails the whole identity: a partial identity would be a different device
// to Mender. With @pin, the first identity read successfully is recorded
// (by the caller, on PinMissing) and emitted ever after, even when the
// hardware later reads differently. The error is the one that ends the
// identity; the Pin is set with it, for show.
func (m *Machine) Resolve(cfg *identity.Config) (Resolution, error) {
	var r Resolution
	r.Live, r.LiveErr = m.readIdentity(cfg)
	if cfg.Pin == "" {
		r.Identity = r.Live
		return r, r.LiveErr
	}
	pin, err := m.readPin(cfg.Pin)
	switch {
	case rootfs.Missing(err):
		r.Pin, r.Identity = PinMissing, r.Live
		return r, r.LiveErr
	case err != nil:
		r.Pin = PinBroken
		return r, err
	case r.LiveErr != nil:
		r.Pin = PinUnreadHW
	case !slices.Equal(pin, r.Live):
		r.Pin = PinDrift
	default:
		r.Pin = PinMatches
	}
	r.Identity = pin
	return r, nil
}

func (m *Machine) readIdentity(cfg *identity.Config) (identity.Identity, error) {
	id := make(identity.Identity, 0, len(cfg.Attrs))
	for _, at := range cfg.Attrs {
		v, err := m.Read(at.Source)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", identity.QuoteName(at.Key+"="+at.Source.String()), err)
		}
		// A repeated key that reads a value it already has (the same
		// source twice, net:auto beside the NIC it picks) is a config error.
		for p := at.Prev; p > 0; p = cfg.Attrs[p-1].Prev {
			if id[p-1].Value == v {
				return nil, &identity.FormatError{Line: at.Line, Msg: "repeated config key reads the same value as line " + strconv.Itoa(cfg.Attrs[p-1].Line)}
			}
		}
		id = append(id, identity.Attr{Key: at.Key, Value: v})
	}
	return id, nil
}

// readPin returns the pinned identity. An error that rootfs.Missing
// accepts means nothing is pinned yet; a pin path that exists but cannot
// be read (a dangling link, EACCES, a FIFO) is an error like a corrupted pin.
func (m *Machine) readPin(pinPath string) (identity.Identity, error) {
	b, err := rootfs.ReadFile(m.FS, rel(pinPath), maxConfig)
	if err != nil {
		return nil, fileError("read pin file", pinPath, err)
	}
	id, err := identity.DecodePin(b)
	if err != nil {
		return nil, fmt.Errorf("pin file %s: %w", quotePath(pinPath), err)
	}
	return id, nil
}
