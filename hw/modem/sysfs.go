package modem

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Found is a modem found in sysfs, with the ports that may speak AT.
type Found struct {
	Device    string   // sysfs device directory, e.g. sys/devices/.../usb1/1-1/1-1.3
	Ports     []string // device names under /dev, best AT port first
	Removable string   // see Modem.Removable
	ranks     []int    // portRank of each port while finding
}

// portRank orders a modem's ttys by ModemManager's udev port hints
// (ID_MM_PORT_TYPE_*), the board vendor's own say on which port is which;
// -1 drops the port (QCDM diagnostics, GPS NMEA, ignored ports must not get
// AT commands).
func portRank(hints map[string]bool) int {
	switch {
	case hints["ID_MM_PORT_IGNORE"], hints["ID_MM_PORT_TYPE_QCDM"], hints["ID_MM_PORT_TYPE_GPS"]:
		return -1
	case hints["ID_MM_PORT_TYPE_AT_PRIMARY"]:
		return 0
	case hints["ID_MM_PORT_TYPE_AT_SECONDARY"]:
		return 1
	case hints["ID_MM_PORT_TYPE_AT_PPP"]:
		return 3 // AT too, but pppd may hold it
	}
	return 2
}

// Find lists the cellular modems under the machine root fsys: USB devices
// with a wwan network interface (DEVTYPE=wwan), a cdc-wdm control device or
// a CDC-ACM interface for AT commands (protocol 01, V.250), with their ttys;
// and the kernel's WWAN framework AT ports (sys/class/wwan/*at*, PCIe
// modems). A USB serial adapter (FTDI, CP210x) is none of these.
func Find(fsys fs.FS) ([]Found, error) {
	var out []Found
	add := func(dev, port string, rank int) {
		i := 0
		for i < len(out) && out[i].Device != dev {
			i++
		}
		if i == len(out) {
			out = append(out, Found{Device: dev, Removable: removable(fsys, dev)})
		}
		f := &out[i]
		if rank < 0 {
			return
		}
		// Insert by rank, keeping sysfs order among equals (a few ports:
		// no sort package needed).
		f.Ports, f.ranks = append(f.Ports, port), append(f.ranks, rank)
		for i := len(f.Ports) - 1; i > 0 && f.ranks[i-1] > f.ranks[i]; i-- {
			f.Ports[i-1], f.Ports[i] = f.Ports[i], f.Ports[i-1]
			f.ranks[i-1], f.ranks[i] = f.ranks[i], f.ranks[i-1]
		}
	}
	ttys, err := fs.ReadDir(fsys, "sys/class/tty")
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	for _, e := range ttys {
		name := e.Name()
		if !strings.HasPrefix(name, "ttyUSB") && !strings.HasPrefix(name, "ttyACM") {
			continue
		}
		target, err := fs.ReadLink(fsys, "sys/class/tty/"+name)
		if err != nil {
			continue
		}
		iface := usbInterface(path.Join("sys/class/tty", target))
		if iface == "" {
			continue
		}
		dev := path.Dir(iface)
		if !isModem(fsys, dev) {
			continue
		}
		add(dev, name, portRank(udevHints(fsys, "sys/class/tty/"+name)))
	}
	wwan, err := fs.ReadDir(fsys, "sys/class/wwan")
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	for _, e := range wwan {
		name := e.Name()
		if !strings.Contains(name, "at") || !strings.HasPrefix(name, "wwan") {
			continue
		}
		target, err := fs.ReadLink(fsys, "sys/class/wwan/"+name)
		if err != nil {
			continue
		}
		p := path.Join("sys/class/wwan", target)
		dev, _, ok := strings.Cut(p, "/wwan/")
		if !ok {
			continue
		}
		add(dev, name, 0)
	}
	for i := range out {
		out[i].ranks = nil
	}
	if out == nil {
		out = []Found{}
	}
	return out, nil
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
	ifaces, err := fs.Glob(fsys, dev+"/*:*")
	if err != nil {
		return false
	}
	for _, i := range ifaces {
		if has(fsys, i+"/usbmisc") {
			return true // cdc-wdm: QMI or MBIM control
		}
		if readAttr(fsys, i+"/bInterfaceClass") == "02" && readAttr(fsys, i+"/bInterfaceSubClass") == "02" && readAttr(fsys, i+"/bInterfaceProtocol") == "01" {
			return true // CDC-ACM, AT commands (V.250)
		}
		nets, _ := fs.Glob(fsys, i+"/net/*/uevent")
		for _, n := range nets {
			if b, err := fs.ReadFile(fsys, n); err == nil && len(b) < 4096 && slices.Contains(strings.Split(string(b), "\n"), "DEVTYPE=wwan") {
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

// udevHints reads the E: properties of a tty's udev database entry
// (run/udev/data/cMAJOR:MINOR), where ModemManager's rules put port hints.
func udevHints(fsys fs.FS, class string) map[string]bool {
	dev := readAttr(fsys, class+"/dev")
	if dev == "" || strings.ContainsAny(dev, "/.") {
		return nil
	}
	hints := map[string]bool{}
	for _, l := range strings.Split(readFile(fsys, "run/udev/data/c"+dev, 8192), "\n") {
		if k, v, ok := strings.Cut(strings.TrimPrefix(l, "E:"), "="); ok && strings.HasPrefix(k, "ID_MM_") && v == "1" {
			hints[k] = true
		}
	}
	return hints
}

// readAttr reads a short sysfs attribute, trimmed; "" when unreadable.
func readAttr(fsys fs.FS, name string) string { return strings.TrimSpace(readFile(fsys, name, 64)) }

// readFile reads at most max bytes of name; "" when unreadable.
func readFile(fsys fs.FS, name string, max int) string {
	f, err := fsys.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	b := make([]byte, max)
	n, _ := io.ReadFull(f, b)
	return string(b[:n])
}

func has(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
