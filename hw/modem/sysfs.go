package modem

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
)

// Found is a modem found in sysfs, with the ports that may speak AT.
type Found struct {
	Device    string   // sysfs device directory, e.g. sys/devices/.../usb1/1-1/1-1.3
	Ports     []string // device names under /dev, best AT port first
	Removable string   // see Modem.Removable
}

// Find lists the cellular modems under the machine root fsys: USB devices
// with a wwan network interface (DEVTYPE=wwan), a cdc-wdm control device or
// a CDC-ACM interface for AT commands (protocol 01, V.250), with their ttys;
// and the kernel's WWAN framework AT ports (sys/class/wwan/*at*, PCIe
// modems). A USB serial adapter (FTDI, CP210x) is none of these.
func Find(fsys fs.FS) ([]Found, error) {
	out := []Found{}
	for _, class := range [...]string{"sys/class/tty", "sys/class/wwan"} {
		ents, err := fs.ReadDir(fsys, class)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range ents {
			name := e.Name()
			target, err := fs.ReadLink(fsys, class+"/"+name)
			p := path.Join(class, target)
			dev, _, ok := strings.Cut(p, "/wwan/")
			ok = ok && strings.HasPrefix(name, "wwan") && strings.Contains(name, "at")
			rank := 0
			if class == "sys/class/tty" {
				dev = path.Dir(usbInterface(p))
				ok = (strings.HasPrefix(name, "ttyUSB") || strings.HasPrefix(name, "ttyACM")) && dev != "." && isModem(fsys, dev)
				if ok {
					rank = portRank(fsys, class+"/"+name)
				}
			}
			if err != nil || !ok {
				continue
			}
			i := 0
			for i < len(out) && out[i].Device != dev {
				i++
			}
			if i == len(out) {
				out = append(out, Found{Device: dev, Removable: removable(fsys, dev)})
			}
			if rank < 0 {
				continue
			}
			// By rank, kept as the name's first byte until the end, and in
			// sysfs order among equals (a few ports: no sort package).
			f := &out[i]
			f.Ports = append(f.Ports, string(rune('0'+rank))+name)
			for j := len(f.Ports) - 1; j > 0 && f.Ports[j-1][0] > f.Ports[j][0]; j-- {
				f.Ports[j-1], f.Ports[j] = f.Ports[j], f.Ports[j-1]
			}
		}
	}
	for _, f := range out {
		for j, p := range f.Ports {
			f.Ports[j] = p[1:]
		}
	}
	return out, nil
}

// portRank orders a modem's ttys by ModemManager's udev port hints
// (ID_MM_PORT_TYPE_*) in its udev database entry (run/udev/data/cMAJOR:MINOR),
// the board vendor's own say on which port is which; -1 drops the port
// (QCDM diagnostics, GPS NMEA, ignored ports must not get AT commands).
func portRank(fsys fs.FS, class string) int {
	dev := readAttr(fsys, class+"/dev")
	if dev == "" || strings.ContainsAny(dev, "/.") {
		return 2
	}
	db := "\n" + readFile(fsys, "run/udev/data/c"+dev, 8192) + "\n"
	for _, h := range [...]struct {
		line string
		rank int
	}{
		{"E:ID_MM_PORT_IGNORE=1", -1}, {"E:ID_MM_PORT_TYPE_QCDM=1", -1}, {"E:ID_MM_PORT_TYPE_GPS=1", -1},
		{"E:ID_MM_PORT_TYPE_AT_PRIMARY=1", 0}, {"E:ID_MM_PORT_TYPE_AT_SECONDARY=1", 1},
		{"E:ID_MM_PORT_TYPE_AT_PPP=1", 3}, // AT too, but pppd may hold it
	} {
		if strings.Contains(db, "\n"+h.line+"\n") {
			return h.rank
		}
	}
	return 2
}

// usbInterface returns the USB interface directory (name "B-P:C.I") above
// a tty's sysfs path, "" when the tty is not on USB.
func usbInterface(p string) string {
	for ; strings.HasPrefix(p, "sys/devices/"); p = path.Dir(p) {
		b := path.Base(p)
		if i := strings.IndexByte(b, ':'); i > 0 && strings.Contains(b[i:], ".") && strings.Contains(p, "/usb") {
			return p
		}
	}
	return ""
}

// isModem reports a USB device with an interface only cellular modems have.
func isModem(fsys fs.FS, dev string) bool {
	ifaces, _ := fs.ReadDir(fsys, dev)
	for _, e := range ifaces {
		if !strings.Contains(e.Name(), ":") {
			continue
		}
		i := dev + "/" + e.Name()
		if has(fsys, i+"/usbmisc") {
			return true // cdc-wdm: QMI or MBIM control
		}
		if readAttr(fsys, i+"/bInterfaceClass") == "02" && readAttr(fsys, i+"/bInterfaceSubClass") == "02" && readAttr(fsys, i+"/bInterfaceProtocol") == "01" {
			return true // CDC-ACM, AT commands (V.250)
		}
		nets, _ := fs.ReadDir(fsys, i+"/net")
		for _, n := range nets {
			if strings.Contains("\n"+readFile(fsys, i+"/net/"+n.Name()+"/uevent", 4096)+"\n", "\nDEVTYPE=wwan\n") {
				return true
			}
		}
	}
	return false
}

// removable applies the rule hw/netif uses for NICs: a device between the
// modem and the root that says "removable" makes it removable (a hub's
// fixed port behind a removable one is still removable); otherwise the
// nearest "fixed" or "unknown" counts.
func removable(fsys fs.FS, dev string) string {
	found := ""
	for d := dev; strings.HasPrefix(d, "sys/devices/"); d = path.Dir(d) {
		switch v := readAttr(fsys, d+"/removable"); v {
		case "removable":
			return v
		case "fixed", "unknown":
			if found == "" {
				found = v
			}
		}
	}
	return found
}

// readAttr reads a short sysfs attribute, trimmed; "" when unreadable.
func readAttr(fsys fs.FS, name string) string { return strings.TrimSpace(readFile(fsys, name, 64)) }

// readFile reads name, a regular file of at most limit bytes; "" when
// unreadable or longer.
func readFile(fsys fs.FS, name string, limit int64) string {
	b, _ := rootfs.ReadFile(fsys, name, limit)
	return string(b)
}

func has(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}
