//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// maxProductSerialFile bounds the file, so that a serial longer than
// identity.MaxProductSerial is still read far enough to say it is too long.
const maxProductSerialFile = 4096

// ErrNoProductSerial means the device has not been given its product serial.
var ErrNoProductSerial = errors.New("no product serial stored: bind the device at the station, then run hwident product set SERIAL")

// productFlags parses the flags both subcommands share and returns the
// machine, the serial file (device path) and the remaining arguments.
func (a *app) productFlags(fs *cli.Flags) (*machine, string, []string, error) {
	root, cfgPath := fs.MachineFlags()
	if err := fs.Parse(); err != nil {
		return nil, "", nil, err
	}
	m, err := a.openMachine(*root)
	if err != nil {
		return nil, "", nil, err
	}
	cfg, err := m.loadConfig(*cfgPath)
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
	if err := durable.Write(file, []byte(serial+"\n"), durable.Options{Perm: 0o644, Root: m.root}); err != nil {
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
	serial, err := m.readProductSerial(file)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.Stdout, serial+"\n")
	return err
}

// readProductSerial reads the stored serial; ErrNoProductSerial when none.
func (m *machine) readProductSerial(file string) (string, error) {
	b, err := rootfs.ReadFile(m.fsys, rel(file), maxProductSerialFile)
	if rootfs.Missing(err) {
		return "", fmt.Errorf("%s: %w", quotePath(file), ErrNoProductSerial)
	}
	if err != nil { // a dangling link is not "no serial": /data may not be mounted
		return "", fileError("read product serial", file, err)
	}
	serial := strings.TrimSpace(string(b))
	if err := identity.CheckProductSerial(serial); err != nil {
		return "", fmt.Errorf("product serial in %s: %w: run hwident product set SERIAL again", quotePath(file), err)
	}
	return serial, nil
}
