//go:build !identityonly

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

// productFlags parses the flags both subcommands share and returns the
// machine, the serial file (device path) and the remaining arguments.
func (a *app) productFlags(fs *cli.Flags) (*machine.Machine, string, []string, error) {
	root, cfgPath := fs.MachineFlags()
	if err := fs.Parse(); err != nil {
		return nil, "", nil, err
	}
	m, err := a.openMachine(*root)
	if err != nil {
		return nil, "", nil, err
	}
	cfg, err := m.LoadConfig(*cfgPath)
	if err != nil {
		return nil, "", nil, err
	}
	return m, cfg.ProductSerial, fs.Args(), nil
}

func productSet(c *cli.App, fs *cli.Flags) error {
	m, file, rest, err := (&app{c}).productFlags(fs)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return cli.Usagef("product set takes one SERIAL, got %q", rest)
	}
	serial := strings.TrimSpace(rest[0])
	if err := identity.CheckProductSerial(serial); err != nil {
		return cli.Usagef("product serial %s: %w", identity.Quote(serial), err)
	}
	if err := durable.Write(file, []byte(serial+"\n"), durable.Options{Perm: 0o644, Root: m.Root}); err != nil {
		return fmt.Errorf("store product serial: %w", err)
	}
	return nil
}

func productGet(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	m, file, rest, err := a.productFlags(fs)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return cli.Usagef("product get takes no arguments, got %q", rest)
	}
	serial, err := m.ProductSerial(file)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.Stdout, serial+"\n")
	return err
}
