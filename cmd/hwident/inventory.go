//go:build !identityonly

package main

import (
	"errors"
	"fmt"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

// Inventory attribute names. identity_sha256 is the identity hash the
// Mender server keeps for the device (`hwident identity --format id`), so
// the fleet UI can be matched against the station's ledger.
const (
	invProductSerial = "product_serial"
	invIdentityHash  = "identity_sha256"
)

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
	if len(fs.Args()) > 0 {
		return cli.Usagef("inventory takes no arguments, got %q", fs.Args())
	}
	m := a.machine(*root)
	var out identity.Identity
	var failed []string
	if cfg, err := m.LoadConfig(*cfgPath); err != nil {
		failed = append(failed, err.Error())
	} else {
		serial, err := m.ProductSerial(cfg.ProductSerial)
		switch {
		case err == nil:
			out = append(out, identity.Attr{Key: invProductSerial, Value: serial})
		case !errors.Is(err, machine.ErrNoProductSerial):
			failed = append(failed, err.Error())
		}
		if id, err := a.resolveIdentity(m, cfg); err != nil {
			failed = append(failed, "identity: "+err.Error())
		} else {
			out = append(out, identity.Attr{Key: invIdentityHash, Value: id.ID()})
		}
		// One at a time: CertFacts stops at the first it cannot read, and
		// one bad file must not hide the certificates after it.
		for _, p := range cfg.InventoryCerts {
			certs, err := m.CertFacts([]string{p})
			out = append(out, certs...)
			if err != nil {
				failed = append(failed, err.Error())
			}
		}
	}
	facts, skipped := m.InventoryFacts()
	out = append(out, facts...)
	failed = append(failed, skipped...)
	for _, msg := range failed {
		fmt.Fprintf(a.Stderr, "hwident inventory: skipped %s\n", msg)
	}
	if len(out) == 0 {
		return fmt.Errorf("nothing to report for the inventory (%d sources failed)", len(failed))
	}
	_, err := a.Stdout.Write(out.Mender())
	return err
}
