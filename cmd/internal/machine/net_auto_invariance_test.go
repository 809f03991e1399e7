package machine

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// addUSBNIC plugs a USB NIC into port (e.g. "9-1") of an xHCI that no board
// uses, with the given removable value of its port.
func addUSBNIC(t *testing.T, root, name, port, addr, devtype, removable string, ifindex int) {
	t.Helper()
	dev := "devices/pci0000:00/0000:00:14.7/usb9/" + port
	iface := dev + "/" + port + ":1.0"
	dir := iface + "/net/" + name
	files := map[string]string{
		dev + "/removable": removable + "\n", dir + "/address": addr + "\n", dir + "/addr_assign_type": "0\n",
		dir + "/type": "1\n", dir + "/ifindex": strconv.Itoa(ifindex) + "\n", dir + "/iflink": strconv.Itoa(ifindex) + "\n",
		dir + "/uevent": "DEVTYPE=" + devtype + "\nINTERFACE=" + name + "\n",
	}
	if devtype == "" {
		files[dir+"/uevent"] = "INTERFACE=" + name + "\n"
	}
	for p, v := range files {
		boards.WriteFile(t, filepath.Join(root, "sys", p), v)
	}
	links := map[string]string{
		"class/net/" + name: "../../" + dir, dir + "/device": "../../../" + port + ":1.0",
		iface + "/subsystem": "../../../../../../bus/usb",
	}
	if devtype == "wlan" {
		links[dir+"/phy80211"] = "../../ieee80211/phy9"
	}
	for p, target := range links {
		if err := os.Symlink(target, filepath.Join(root, "sys", p)); err != nil {
			t.Fatal(err)
		}
	}
}

// boardChanges are what happens to a deployed machine; none may move net:auto.
var boardChanges = []struct {
	name  string
	apply func(t *testing.T, root string, ifs []netif.Interface, choice netif.Interface)
}{
	{"slot cards removed (except the chosen one)", func(t *testing.T, root string, ifs []netif.Interface, choice netif.Interface) {
		for _, i := range ifs {
			if i.Placement.Slot > 0 && i.Device != choice.Device {
				if err := os.Remove(filepath.Join(root, "sys/class/net", i.Name)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}},
	{"USB Ethernet dongle in a removable port", func(t *testing.T, root string, _ []netif.Interface, _ netif.Interface) {
		addUSBNIC(t, root, "enx00e04c68ffee", "9-1", "00:e0:4c:68:ff:ee", "", "removable", 901)
	}},
	{"USB Wi-Fi dongle in a removable port", func(t *testing.T, root string, _ []netif.Interface, _ netif.Interface) {
		addUSBNIC(t, root, "wlx801f02b0ffee", "9-2", "80:1f:02:b0:ff:ee", "wlan", "removable", 902)
	}},
	{"cellular modem on an internal port", func(t *testing.T, root string, _ []netif.Interface, _ netif.Interface) {
		addUSBNIC(t, root, "wwan9", "9-3", "00:1e:10:1f:00:01", "wwan", "fixed", 903)
	}},
	{"interfaces renamed", func(t *testing.T, root string, ifs []netif.Interface, _ netif.Interface) {
		for n, i := range ifs {
			old := filepath.Join(root, "sys/class/net", i.Name)
			if err := os.Rename(old, filepath.Join(root, "sys/class/net", "renamed"+strconv.Itoa(len(ifs)-n))); err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"ifindex reordered", func(t *testing.T, root string, ifs []netif.Interface, _ netif.Interface) {
		for n, i := range ifs {
			dir := filepath.Join(root, "sys/class/net", i.Name)
			if _, err := os.Stat(filepath.Join(dir, "ifindex")); err != nil {
				continue
			}
			idx := strconv.Itoa(500-n) + "\n"
			boards.WriteFile(t, filepath.Join(dir, "ifindex"), idx)
			if i.Iflink == i.Ifindex {
				boards.WriteFile(t, filepath.Join(dir, "iflink"), idx)
			}
		}
	}},
}

// TestBoardsAutoInvariance applies every boardChanges entry to a copy of
// every board and checks that net:auto still picks the same address. On a
// board where net:auto finds nothing, a dongle is the only candidate and is
// picked: that is the ranking working (docs/net-auto.md), so it is skipped.
func TestBoardsAutoInvariance(t *testing.T) {
	for _, b := range boards.Names {
		src := boards.Dir(t, b)
		ifs, err := netif.List(os.DirFS(src).(fs.ReadLinkFS))
		if err != nil {
			t.Fatal(err)
		}
		choice, autoErr := netif.Auto(ifs, burntInMAC)
		for _, c := range boardChanges {
			t.Run(b+"/"+c.name, func(t *testing.T) {
				if autoErr != nil && strings.Contains(c.name, "dongle") {
					t.Skip("no built-in NIC qualifies: a dongle is the only candidate")
				}
				root := boards.Copy(t, b)
				c.apply(t, root, ifs, choice)
				after, err := netif.List(os.DirFS(root).(fs.ReadLinkFS))
				if err != nil {
					t.Fatal(err)
				}
				got, err := netif.Auto(after, burntInMAC)
				if (err == nil) != (autoErr == nil) || got.Address != choice.Address {
					t.Errorf("net:auto picks %q %s (%v), before %q %s (%v)", got.Name, got.Address, err, choice.Name, choice.Address, autoErr)
				}
			})
		}
	}
}
