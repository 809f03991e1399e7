package modem

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// writeTree makes a machine root: files name -> content, and symlinks
// (content starting with "->").
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := cutPrefix(content, "->"); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return s, false
}

// quectelTree is a Raspberry Pi with a Quectel EG25 on USB port 1-1.3
// (interfaces 0 DM, 1 NMEA, 2 AT, 3 AT/PPP, 4 QMI with wwan0), as its
// sysfs reads, and an FTDI serial adapter that is no modem.
func quectelTree(removable string) map[string]string {
	const dev = "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"
	const ftdi = "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.2"
	files := map[string]string{
		dev + "/idVendor":                           "2c7c\n",
		dev + "/1-1.3:1.4/net/wwan0/uevent":         "DEVTYPE=wwan\nINTERFACE=wwan0\nIFINDEX=3\n",
		dev + "/1-1.3:1.4/usbmisc/cdc-wdm0/dev":     "180:0\n",
		ftdi + "/1-1.2:1.0/bInterfaceClass":         "ff\n",
		ftdi + "/1-1.2:1.0/ttyUSB9/tty/ttyUSB9/dev": "188:9\n",
		"sys/class/tty/ttyUSB9":                     "->../../devices/platform/soc/3f980000.usb/usb1/1-1/1-1.2/1-1.2:1.0/ttyUSB9/tty/ttyUSB9",
		"sys/class/tty/ttyS0":                       "->../../devices/platform/serial8250/tty/ttyS0",
		"run/udev/data/c188:1":                      "E:ID_MM_CANDIDATE=1\nE:ID_MM_PORT_TYPE_GPS=1\n",
		"run/udev/data/c188:2":                      "E:ID_MM_CANDIDATE=1\nE:ID_MM_PORT_TYPE_AT_PRIMARY=1\n",
		"run/udev/data/c188:3":                      "E:ID_MM_CANDIDATE=1\nE:ID_MM_PORT_TYPE_AT_PPP=1\n",
	}
	for i, n := range []string{"0", "1", "2", "3"} {
		files[dev+"/1-1.3:1."+n+"/ttyUSB"+n+"/tty/ttyUSB"+n+"/dev"] = "188:" + n + "\n"
		files["sys/class/tty/ttyUSB"+n] = "->../../devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3:1." + n + "/ttyUSB" + n + "/tty/ttyUSB" + n
		_ = i
	}
	if removable != "" {
		files[dev+"/removable"] = removable + "\n"
	}
	return files
}

func TestFind(t *testing.T) {
	const dev = "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"
	tests := []struct {
		name  string
		files map[string]string
		want  []Found
	}{
		{"quectel on usb, hinted", quectelTree("fixed"), []Found{{Device: dev, Ports: []string{"ttyUSB2", "ttyUSB0", "ttyUSB3"}, Removable: "fixed"}}},
		{"port says nothing", quectelTree(""), []Found{{Device: dev, Ports: []string{"ttyUSB2", "ttyUSB0", "ttyUSB3"}}}},
		{"cdc-acm modem (Telit)", map[string]string{
			"sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/removable":                  "removable\n",
			"sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bInterfaceClass":    "02\n",
			"sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bInterfaceSubClass": "02\n",
			"sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bInterfaceProtocol": "01\n",
			"sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/tty/ttyACM0/dev":    "166:0\n",
			"sys/class/tty/ttyACM0": "->../../devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/tty/ttyACM0",
		}, []Found{{Device: "sys/devices/pci0000:00/0000:00:14.0/usb1/1-4", Ports: []string{"ttyACM0"}, Removable: "removable"}}},
		{"pcie modem on the wwan framework", map[string]string{
			"sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0/wwan/wwan0/wwan0at0/dev":   "234:1\n",
			"sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0/wwan/wwan0/wwan0mbim0/dev": "234:0\n",
			"sys/class/wwan/wwan0at0":   "->../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0/wwan/wwan0/wwan0at0",
			"sys/class/wwan/wwan0mbim0": "->../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0/wwan/wwan0/wwan0mbim0",
		}, []Found{{Device: "sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0", Ports: []string{"wwan0at0"}}}},
		{"no modem", map[string]string{"sys/class/tty/ttyS0": "->../../devices/platform/serial8250/tty/ttyS0"}, []Found{}},
		{"no sysfs", map[string]string{"etc/hostname": "x\n"}, []Found{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Find(os.DirFS(writeTree(t, tc.files)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
