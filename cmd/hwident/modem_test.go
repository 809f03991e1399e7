//go:build linux && !identityonly

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// Under --root the modem's port is this host's /dev, not the machine's:
// it is not opened, show says why, and the identity is read all the same.
// Reading a modem is machine's TestShowModem and TestInventorySIMSwap.
func TestModemUnderRoot(t *testing.T) {
	root := boards.USBModem(t, "fixed")
	res := runHwident(t, "", nil, "hwident", "show", "--root", root)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	_, sect, ok := strings.Cut(res.stdout, "== modem\n")
	if !ok || !strings.Contains(sect, "opened on the real root only, not under --root") {
		t.Errorf("modem section:\n%s", sect)
	}
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	inv := runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	if id.code != 0 || id.stdout != "serial=BRD-000042\n" || inv.code != 0 || strings.Contains(inv.stdout, "modem_imei=") {
		t.Errorf("identity: %d %q %q; inventory: %d %q %q", id.code, id.stdout, id.stderr, inv.code, inv.stdout, inv.stderr)
	}
	cfg := filepath.Join(root, "imei.conf")
	os.WriteFile(cfg, []byte("imei=modem:imei\n"), 0o644)
	if res := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg); res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "not under --root") {
		t.Errorf("modem:imei under --root: exit %d %q %q", res.code, res.stdout, res.stderr)
	}
}
