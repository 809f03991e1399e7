package main

import (
	"fmt"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

func runIdentity(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	root, cfgPath := fs.MachineFlags()
	format := fs.String("format", "mender", "output `format`: mender (key=value lines), json (id_data), id (identity hash); not in the identity-only build: memfault (memfault-device-info), hawkbit (rauc-hawkbit-updater config)")
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
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
	cfg, err := m.LoadConfig(*cfgPath)
	if err != nil {
		return err
	}
	id, err := a.resolveIdentity(m, cfg)
	if err != nil {
		return err
	}
	var out []byte
	if agent != nil {
		if out, err = agent(m, id); err != nil {
			return fmt.Errorf("--format %s: %w", *format, err)
		}
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

// resolveIdentity is the identity of cfg that `hwident identity`,
// `inventory` and `label` give: it pins the identity when @pin has nothing
// pinned yet, and warns on stderr when the pinned identity is emitted
// while the hardware reads differently (`hwident show` reports the drift).
func (a *app) resolveIdentity(m *machine.Machine, cfg *identity.Config) (identity.Identity, error) {
	r, err := m.Resolve(cfg)
	if err != nil {
		return nil, err
	}
	why := ""
	switch r.Pin {
	case machine.PinMissing:
		if err := durable.Write(cfg.Pin, identity.EncodePin(r.Identity), durable.Options{Perm: 0o644, Root: m.Root}); err != nil {
			return nil, fmt.Errorf("pin identity: %w", err)
		}
	case machine.PinUnreadHW:
		why = "the hardware cannot be read now: " + r.LiveErr.Error()
	case machine.PinDrift:
		why = "the hardware now reads differently (see hwident show)"
	}
	if why != "" {
		fmt.Fprintf(a.Stderr, "hwident: warning: emitting the identity pinned in %s; %s\n", cfg.Pin, why)
	}
	return r.Identity, nil
}
