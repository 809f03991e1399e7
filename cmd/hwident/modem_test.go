//go:build linux && !identityonly

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/modem/modemtest"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// modemRoot is a machine with a Quectel modem on USB port 1-1.3 whose AT
// port ttyUSB2 is the slave of a pty that a fake modem answers, and a
// board serial the identity is made of.
func modemRoot(t *testing.T, removable string) (root string, fake *modemtest.Modem) {
	t.Helper()
	const dev = "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"
	root = boards.Write(t, map[string]string{
		dev + "/removable":                         removable + "\n",
		dev + "/1-1.3:1.4/net/wwan0/uevent":        "DEVTYPE=wwan\nINTERFACE=wwan0\n",
		dev + "/1-1.3:1.2/ttyUSB2/tty/ttyUSB2/dev": "188:2\n",
		"run/udev/data/c188:2":                     "E:ID_MM_CANDIDATE=1\nE:ID_MM_PORT_TYPE_AT_PRIMARY=1\n",
		"etc/hwident.conf":                         "serial=file:/etc/board-serial\n",
		"etc/board-serial":                         "BRD-000042\n",
	})
	link := func(target, name string) {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	link("../../devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3:1.2/ttyUSB2/tty/ttyUSB2", "sys/class/tty/ttyUSB2")
	master, slave := modemtest.OpenPTY(t)
	link(slave, "dev/ttyUSB2")
	fake = modemtest.Start(t, master, true, modemtest.Quectel("867648043678091", "989450100000123456F8", "262011234567890", false))
	return root, fake
}

// A SIM swap shows in the inventory and leaves the identity alone.
func TestInventorySIMSwap(t *testing.T) {
	root, fake := modemRoot(t, "unknown")
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	inv := runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	if id.code != 0 || inv.code != 0 {
		t.Fatalf("identity: %d %q; inventory: %d %q", id.code, id.stderr, inv.code, inv.stderr)
	}
	for _, want := range []string{"modem_imei=867648043678091\n", "sim_iccid=8949050100002143658\n", "sim_imsi=262011234567890\n", "sim_mcc=262\n", "sim_mnc=01\n"} {
		if !strings.Contains(inv.stdout, want) {
			t.Errorf("inventory lacks %q:\n%s", want, inv.stdout)
		}
	}
	fake.SetReply(modemtest.Quectel("867648043678091", "984411008652260750F4", "234104886708667", false))
	id2 := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	inv2 := runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	if id2.stdout != id.stdout || id.stdout != "serial=BRD-000042\n" {
		t.Errorf("identity changed with the SIM: %q then %q", id.stdout, id2.stdout)
	}
	if !strings.Contains(inv2.stdout, "sim_iccid=8944110068256270054\n") || !strings.Contains(inv2.stdout, "sim_imsi=234104886708667\n") {
		t.Errorf("inventory after the swap:\n%s", inv2.stdout)
	}
	hash := func(s string) string {
		for _, l := range strings.Split(s, "\n") {
			if v, ok := strings.CutPrefix(l, invIdentityHash+"="); ok {
				return v
			}
		}
		return ""
	}
	if hash(inv.stdout) == "" || hash(inv.stdout) != hash(inv2.stdout) {
		t.Errorf("identity hash in the inventory %q, then %q", hash(inv.stdout), hash(inv2.stdout))
	}
}

func TestShowModem(t *testing.T) {
	for _, tc := range []struct {
		removable, mark, verdict string
	}{
		{"fixed", "yes", "usable with care"},
		{"removable", "no ", "not for identity: the modem's port is removable"},
		{"unknown", "no ", "not for identity: the modem's port is unknown"},
	} {
		t.Run(tc.removable, func(t *testing.T) {
			root, fake := modemRoot(t, tc.removable)
			res := runHwident(t, "", nil, "hwident", "show", "--root", root)
			if res.code != 0 {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			_, sect, ok := strings.Cut(res.stdout, "== modem\n")
			if !ok {
				t.Fatalf("no modem section:\n%s", res.stdout)
			}
			if !strings.Contains(sect, fmt.Sprintf("%s  %-32s %s\n", tc.mark, "modem:imei", "867648043678091")) || !strings.Contains(sect, tc.verdict) {
				t.Errorf("modem section:\n%s", sect)
			}
			if !strings.Contains(sect, fmt.Sprintf("no   %-32s %s\n       not for identity: SIMs are swapped", "inventory sim_iccid", "8949050100002143658")) {
				t.Errorf("ICCID not listed as inventory only:\n%s", sect)
			}
			// modem:imei as a source: only a soldered modem's.
			cfg := filepath.Join(root, "imei.conf")
			os.WriteFile(cfg, []byte("imei=modem:imei\n"), 0o644)
			id := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg)
			if tc.removable == "fixed" {
				if id.code != 0 || id.stdout != "imei=867648043678091\n" {
					t.Errorf("modem:imei of a soldered modem: exit %d %q %q", id.code, id.stdout, id.stderr)
				}
			} else if id.code != 1 || id.stdout != "" || !strings.Contains(id.stderr, "not known to be soldered") {
				t.Errorf("modem:imei of a swappable modem: exit %d %q %q (modem got %q)", id.code, id.stdout, id.stderr, fake.Commands())
			}
		})
	}
}
