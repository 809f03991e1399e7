//go:build !identityonly

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

const productUsage = `usage: hwident product set [--root DIR] [--config FILE] SERIAL
       hwident product get [--root DIR] [--config FILE]

Stores or prints the product serial this device was bound to at the
station. The file is @product-serial in /etc/hwident.conf, by default
` + identity.DefaultProductSerialPath + ` under the root.
`

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
func (a *app) productFlags(sub, operands string, args []string) (*machine.Machine, string, []string, error) {
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
	cfg, err := m.LoadConfig(*cfgPath)
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
	if err := machine.CheckProductSerial(serial); err != nil {
		return usageErr("product serial %s: %w", identity.Quote(serial), err)
	}
	if err := durable.Write(file, []byte(serial+"\n"), durable.Options{Perm: 0o644, Root: m.Root}); err != nil {
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
	serial, err := m.ProductSerial(file)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.stdout, serial+"\n")
	return err
}
