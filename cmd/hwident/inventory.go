//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/identity"
)

// Inventory attribute names. identity_sha256 is the identity hash the
// Mender server keeps for the device (`hwident identity --format id`), so
// the fleet UI can be matched against the station's ledger.
const (
	invProductSerial = "product_serial"
	invIdentityHash  = "identity_sha256"
)

// inventoryFacts each report a group of hardware facts worth seeing in the
// fleet UI. Absent hardware is no facts and no error; an error means the
// hardware is there but could not be read, and only that group is skipped.
var inventoryFacts = []struct {
	name string
	read func(m *machine) (identity.Identity, error)
}{
	{"eMMC", (*machine).emmcFacts},
	{"EEPROM", (*machine).eepromFacts},
	{"SoC", (*machine).socFacts},
	{"board", (*machine).boardFacts},
	{"modem", (*machine).modemFacts},
}

// runInventory is Mender's inventory script mender-inventory-hwident:
// key=value lines, never blank, values percent-encoded like the identity.
// A source that fails is left out with a note on stderr; only when nothing
// at all can be reported does it fail (Mender then skips the script).
func runInventory(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	root, cfgPath := fs.MachineFlags()
	if err := fs.Parse(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("inventory takes no arguments, got %q", fs.Args())
	}
	m := a.machine(*root)
	var out identity.Identity
	var failed []string
	if cfg, err := m.loadConfig(*cfgPath); err != nil {
		failed = append(failed, err.Error())
	} else {
		serial, err := m.readProductSerial(cfg.ProductSerial)
		switch {
		case err == nil:
			out = append(out, identity.Attr{Key: invProductSerial, Value: serial})
		case !errors.Is(err, ErrNoProductSerial):
			failed = append(failed, err.Error())
		}
		if id, err := a.resolveIdentity(m, cfg); err != nil {
			failed = append(failed, "identity: "+err.Error())
		} else {
			out = append(out, identity.Attr{Key: invIdentityHash, Value: id.ID()})
		}
		certs, err := m.certFacts(cfg.InventoryCerts)
		out = append(out, certs...)
		if err != nil {
			failed = append(failed, err.Error())
		}
	}
	for _, f := range inventoryFacts {
		facts, err := f.read(m)
		if err != nil {
			failed = append(failed, f.name+": "+err.Error())
			continue
		}
		for _, at := range facts {
			if identity.CheckValue(at.Value) == nil {
				out = append(out, at)
			}
		}
	}
	for _, msg := range failed {
		fmt.Fprintf(a.Stderr, "hwident inventory: skipped %s\n", msg)
	}
	if len(out) == 0 {
		return fmt.Errorf("nothing to report for the inventory (%d sources failed)", len(failed))
	}
	_, err := a.Stdout.Write(out.Mender())
	return err
}

// firstField returns the first of keys that has a value.
func firstField(get func(string) (string, bool), keys ...string) string {
	for _, k := range keys {
		if v, ok := get(k); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// isAbsent reports an error that only says the hardware is not there.
func isAbsent(err error) bool { return errors.Is(err, fs.ErrNotExist) }
