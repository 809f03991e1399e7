//go:build linux && !identityonly

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// modemRoot is a machine with a modem on USB port 1-1.3 whose AT port is
// ttyUSB2, and a board serial the identity is made of.
func modemRoot(t *testing.T) (root string) {
	t.Helper()
	const dev = "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"
	root = boards.Write(t, map[string]string{
		dev + "/removable":                         "fixed\n",
		dev + "/1-1.3:1.4/net/wwan0/uevent":        "DEVTYPE=wwan\nINTERFACE=wwan0\n",
		dev + "/1-1.3:1.2/ttyUSB2/tty/ttyUSB2/dev": "188:2\n",
		"run/udev/data/c188:2":                     "E:ID_MM_CANDIDATE=1\nE:ID_MM_PORT_TYPE_AT_PRIMARY=1\n",
		"etc/hwident.conf":                         "serial=file:/etc/board-serial\n",
		"etc/board-serial":                         "BRD-000042\n",
	})
	link := filepath.Join(root, "sys/class/tty/ttyUSB2")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink("../../devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3:1.2/ttyUSB2/tty/ttyUSB2", link); err != nil {
		t.Fatal(err)
	}
	return root
}

// Under --root the modem's port is this host's /dev, not the machine's:
// it is not opened, show says why, and the identity is read all the same.
// Reading a modem is machine's TestShowModem and TestInventorySIMSwap.
func TestModemUnderRoot(t *testing.T) {
	root := modemRoot(t)
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
