package boards

import (
	"os"
	"path/filepath"
	"testing"
)

// USBModem writes a machine with a cellular modem on USB port 1-1.3 (its
// port's removable attribute as given: fixed, removable, unknown), whose
// AT port is ttyUSB2 as udev tags it for ModemManager, and a board serial
// the identity is made of (/etc/hwident.conf: serial=file:/etc/board-serial).
func USBModem(t testing.TB, removable string) (root string) {
	t.Helper()
	const dev = "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"
	root = Write(t, map[string]string{
		dev + "/removable":                         removable + "\n",
		dev + "/1-1.3:1.4/net/wwan0/uevent":        "DEVTYPE=wwan\nINTERFACE=wwan0\n",
		dev + "/1-1.3:1.2/ttyUSB2/tty/ttyUSB2/dev": "188:2\n",
		"run/udev/data/c188:2":                     "E:ID_MM_CANDIDATE=1\nE:ID_MM_PORT_TYPE_AT_PRIMARY=1\n",
		"etc/hwident.conf":                         "serial=file:/etc/board-serial\n",
		"etc/board-serial":                         "BRD-000042\n",
	})
	link := filepath.Join(root, "sys/class/tty/ttyUSB2")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3:1.2/ttyUSB2/tty/ttyUSB2", link); err != nil {
		t.Fatal(err)
	}
	return root
}
