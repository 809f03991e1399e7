//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

const productUsage = `usage: hwident product set [--root DIR] [--config FILE] SERIAL
       hwident product get [--root DIR] [--config FILE]

Stores or prints the product serial this device was bound to at the
station. The file is @product-serial in /etc/hwident.conf, by default
` + identity.DefaultProductSerialPath + ` under the root.
`

// maxProductSerial bounds a stored serial; product serials are short.
// maxProductSerialFile bounds the file, so that a longer one is still
// read far enough to say it is too long.
const (
	maxProductSerial     = 128
	maxProductSerialFile = 4096
)

// ErrNoProductSerial means the device has not been given its product serial.
var ErrNoProductSerial = errors.New("no product serial stored: bind the device at the station, then run hwident product set SERIAL")

func runProduct(a *app, args []string) error {
	if len(args) == 0 {
		return usageErr("product needs set SERIAL or get\n\n%s", productUsage)
	}
	switch args[0] {
	case "set":
		return a.productSet(args[1:])
	case "get":
		return a.productGet(args[1:])
	case "-h", "--help", "-help", "help":
		_, err := io.WriteString(a.stdout, productUsage)
		return err
	}
	return usageErr("unknown product subcommand %q\n\n%s", args[0], productUsage)
}

// productFlags parses the flags both subcommands share and returns the
// machine, the serial file (device path) and the remaining arguments.
func (a *app) productFlags(sub, operands string, args []string) (*machine, string, []string, error) {
	fs := a.newFlags("product "+sub, "product "+sub+" [--root DIR] [--config FILE]"+operands)
	root := fs.String("root", "", "the machine under `DIR` (default $HWIDENT_ROOT or /)")
	cfgPath := fs.String("config", "", "config `FILE` (default /etc/hwident.conf under the root)")
	if err := fs.parse(args); err != nil {
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

func (a *app) productSet(args []string) error {
	m, file, rest, err := a.productFlags("set", " SERIAL", args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErr("product set takes one SERIAL, got %q", rest)
	}
	serial := strings.TrimSpace(rest[0])
	if err := checkProductSerial(serial); err != nil {
		return usageErr("product serial %s: %w", identity.Quote(serial), err)
	}
	if err := durable.Write(file, []byte(serial+"\n"), durable.Options{Perm: 0o644, Root: m.root}); err != nil {
		return fmt.Errorf("store product serial: %w", err)
	}
	return nil
}

func (a *app) productGet(args []string) error {
	m, file, rest, err := a.productFlags("get", "", args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("product get takes no arguments, got %q", rest)
	}
	serial, err := m.readProductSerial(file)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.stdout, serial+"\n")
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
	if err := checkProductSerial(serial); err != nil {
		return "", fmt.Errorf("product serial in %s: %w: run hwident product set SERIAL again", quotePath(file), err)
	}
	return serial, nil
}

// checkProductSerial accepts what can be stored on one line and shown in
// the Mender UI: printable, no placeholder, bounded length.
func checkProductSerial(s string) error {
	if err := identity.CheckValue(s); err != nil {
		return err
	}
	if len(s) > maxProductSerial {
		return fmt.Errorf("longer than %d bytes", maxProductSerial)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return fmt.Errorf("contains control or invalid characters")
		}
	}
	return nil
}
