package main

import (
	"fmt"
	"io/fs"
	"strconv"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// defaultConfigPath is read under the root; its absence means Mender's
// default scheme.
const defaultConfigPath = "/etc/hwident.conf"

func runIdentity(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	root, cfgPath := fs.MachineFlags()
	format := fs.String("format", "mender", "output `format`: mender (key=value lines), json (id_data), id (identity hash), memfault (memfault-device-info), hawkbit (rauc-hawkbit-updater config)")
	if err := fs.Parse(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("identity takes no arguments, got %q", fs.Args())
	}
	encode := identityEncoder(*format)
	agent := agentEncoder(*format)
	if encode == nil && agent == nil {
		return cli.Usagef("unknown --format %q: use mender, json or id (memfault, hawkbit: not in the identity-only build)", *format)
	}
	m, err := a.openMachine(*root)
	if err != nil {
		return err
	}
	cfg, err := m.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	id, err := a.resolveIdentity(m, cfg)
	if err != nil {
		return err
	}
	var out []byte
	if agent != nil {
		out = agent(m, id)
	} else {
		out = encode(id)
	}
	_, err = a.Stdout.Write(out)
	return err
}

// identityEncoder returns the encoder of an --format, nil for an unknown one.
func identityEncoder(format string) func(identity.Identity) []byte {
	switch format {
	case "mender":
		return identity.Identity.Mender
	case "json":
		return func(id identity.Identity) []byte { return append(id.JSON(), '\n') }
	case "id":
		return func(id identity.Identity) []byte { return []byte(id.ID() + "\n") }
	}
	return nil
}

// maxConfig bounds a config file: a 100,000-attribute config is about
// 3 MB; more is not a config (--config /dev/zero, a log file by mistake).
const maxConfig = 4 << 20

// loadConfig reads the config: an explicit --config path as given on this
// host, otherwise /etc/hwident.conf under the root. Only a config that
// does not exist at all means Mender's default scheme: one that exists but
// cannot be read (a dangling link before /data is mounted, EACCES, ELOOP,
// EIO, a FIFO) is an error, or the device would change its identity.
func (m *machine) loadConfig(explicit string) (*identity.Config, error) {
	var fsys fs.FS = m.fsys
	name, file := defaultConfigPath, rel(defaultConfigPath)
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

// resolveIdentity reads every attribute of cfg. Any attribute that cannot be
// read fails the whole identity: a partial identity would be a different
// device to Mender. With @pin, the pinned identity wins (see pin.go).
func (a *app) resolveIdentity(m *machine, cfg *identity.Config) (identity.Identity, error) {
	live, err := m.readIdentity(cfg)
	if cfg.Pin == "" {
		return live, err
	}
	return a.pinned(m, cfg.Pin, live, err)
}

func (m *machine) readIdentity(cfg *identity.Config) (identity.Identity, error) {
	id := make(identity.Identity, 0, len(cfg.Attrs))
	for _, at := range cfg.Attrs {
		v, err := m.read(at.Source)
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
