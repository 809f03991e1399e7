//go:build !identityonly

package main

import (
	"fmt"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/identity"
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
	out, skipped := m.Inventory(*cfgPath, func(cfg *identity.Config) (identity.Identity, error) { return a.resolveIdentity(m, cfg) })
	for _, msg := range skipped {
		fmt.Fprintf(a.Stderr, "hwident inventory: skipped %s\n", msg)
	}
	if len(out) == 0 {
		return fmt.Errorf("nothing to report for the inventory (%d sources failed)", len(skipped))
	}
	_, err := a.Stdout.Write(out.Mender())
	return err
}
