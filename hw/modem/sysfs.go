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
				// The tty's USB interface (a directory "B-P:C.I" above
				// it) is on the modem's device.
				for dev = p; strings.HasPrefix(dev, "sys/devices/"); dev = path.Dir(dev) {
					b := path.Base(dev)
					if i := strings.IndexByte(b, ':'); i > 0 && strings.Contains(b[i:], ".") && strings.Contains(dev, "/usb") {
						break
					}
				}
				dev = path.Dir(dev)
				usb := (strings.HasPrefix(name, "ttyUSB") || strings.HasPrefix(name, "ttyACM")) && strings.HasPrefix(dev, "sys/devices/")
				// A modem has an interface only cellular modems have.
				var ifaces []fs.DirEntry
				if ok = false; usb {
					ifaces, _ = fs.ReadDir(fsys, dev)
				}
				for _, e := range ifaces {
					i := dev + "/" + e.Name()
					if !strings.Contains(e.Name(), ":") {
						continue
					}
					_, err := fs.Stat(fsys, i+"/usbmisc") // cdc-wdm: QMI or MBIM control
					ok = err == nil ||
						// CDC-ACM, AT commands (V.250)
						readAttr(fsys, i+"/bInterfaceClass", 64) == "02" && readAttr(fsys, i+"/bInterfaceSubClass", 64) == "02" && readAttr(fsys, i+"/bInterfaceProtocol", 64) == "01"
					nets, _ := fs.ReadDir(fsys, i+"/net")
					for _, n := range nets {
						ok = ok || strings.Contains("\n"+readAttr(fsys, i+"/net/"+n.Name()+"/uevent", 4096)+"\n", "\nDEVTYPE=wwan\n")
					}
					if ok {
						break
					}
				}
				// Order the ttys by ModemManager's udev port hints
				// (ID_MM_PORT_TYPE_*) in the udev database entry
				// (run/udev/data/cMAJOR:MINOR), the board vendor's own say
				// on which port is which; -1 drops the port (QCDM
				// diagnostics, GPS NMEA, ignored ports must not get AT
				// commands).
				rank = 2
				num := ""
				if ok {
					num = readAttr(fsys, class+"/"+name+"/dev", 64)
				}
				if num != "" && !strings.ContainsAny(num, "/.") {
					db := "\n" + readAttr(fsys, "run/udev/data/c"+num, 8192) + "\n"
					for _, h := range [...]struct {
						line string
						rank int
					}{
						{"\nE:ID_MM_PORT_IGNORE=1\n", -1}, {"\nE:ID_MM_PORT_TYPE_QCDM=1\n", -1}, {"\nE:ID_MM_PORT_TYPE_GPS=1\n", -1},
						{"\nE:ID_MM_PORT_TYPE_AT_PRIMARY=1\n", 0}, {"\nE:ID_MM_PORT_TYPE_AT_SECONDARY=1\n", 1},
						{"\nE:ID_MM_PORT_TYPE_AT_PPP=1\n", 3}, // AT too, but pppd may hold it
					} {
						if strings.Contains(db, h.line) {
							rank = h.rank
							break
						}
					}
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

// removable applies the rule hw/netif uses for NICs: a device between the
// modem and the root that says "removable" makes it removable (a hub's
// fixed port behind a removable one is still removable); otherwise the
// nearest "fixed" or "unknown" counts.
func removable(fsys fs.FS, dev string) string {
	found := ""
	for d := dev; strings.HasPrefix(d, "sys/devices/"); d = path.Dir(d) {
		switch v := readAttr(fsys, d+"/removable", 64); v {
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

// readAttr reads name, a regular file of at most limit bytes, trimmed; ""
// when unreadable or longer.
func readAttr(fsys fs.FS, name string, limit int64) string {
	b, _ := rootfs.ReadFile(fsys, name, limit)
	return strings.TrimSpace(string(b))
}
