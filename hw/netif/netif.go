// Package netif reads network interfaces from sysfs (sys/class/net under a
// machine root given as an fs.FS) and implements the two rules that pick the
// interface whose address identifies a device: Mender's (see Mender) and a
// stable one for new fleets (see Auto).
package netif

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// classDir is where the kernel lists every interface of the network namespace.
const classDir = "sys/class/net"

// Sentinel errors; wrap them with context and test with errors.Is.
var (
	ErrNoInterface  = errors.New("no such network interface")
	ErrNoneSuitable = errors.New("no suitable network interface")
	ErrNoSymlinks   = errors.New("file system cannot read symbolic links, which sysfs needs")
)

// AttrError reports an interface attribute file that could not be read or
// parsed.
type AttrError struct {
	Iface string // interface name
	Attr  string // file name under the interface, e.g. "ifindex"
	Err   error
}

func (e *AttrError) Error() string {
	return fmt.Sprintf("interface %s: attribute %s: %v", e.Iface, e.Attr, e.Err)
}

func (e *AttrError) Unwrap() error { return e.Err }

// AddrAssign is the kernel's addr_assign_type: where the address came from.
type AddrAssign int

const (
	AddrUnknown   AddrAssign = -1 // the file is missing or unreadable
	AddrPermanent AddrAssign = 0  // burnt in (ROM, fuses, firmware)
	AddrRandom    AddrAssign = 1  // generated at random by the kernel
	AddrStolen    AddrAssign = 2  // taken from another device
	AddrSet       AddrAssign = 3  // set from user space
)

func (a AddrAssign) String() string {
	switch a {
	case AddrPermanent:
		return "permanent"
	case AddrRandom:
		return "random"
	case AddrStolen:
		return "stolen"
	case AddrSet:
		return "set"
	}
	return "unknown"
}

// Kind flags the software constructs an interface can be; none of them has
// an address of its own hardware.
type Kind uint16

const (
	Bridge Kind = 1 << iota
	Bond
	VLAN
	Veth   // virtual and linked to a peer; macvlan/ipvlan look the same in sysfs
	Tun    // tun_flags has IFF_TUN
	Tap    // tun_flags has IFF_TAP
	Docker // a bridge with Docker's 02:42 address prefix; informative only
	Gadget // the device side of a USB link; its address is made up by software
)

var kindNames = []string{"bridge", "bond", "vlan", "veth", "tun", "tap", "docker", "gadget"}

// String lists the flags, comma separated ("" when none).
func (k Kind) String() string {
	var names []string
	for i, n := range kindNames {
		if k&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, ",")
}

// ARPHRDEther is the type of Ethernet and Wi-Fi interfaces.
const ARPHRDEther = 1

// Interface is what sysfs says about one network interface. Numbers that
// cannot be read are -1.
type Interface struct {
	Name       string
	Address    string // the address file without its trailing newline
	AddrAssign AddrAssign
	Type       int // ARPHRD_*: 1 Ethernet (and Wi-Fi), 772 loopback, 65534 none (tun)
	Ifindex    int
	Iflink     int    // ifindex of the interface this one is stacked on (itself when none)
	DevPort    int    // port number on a device with several ports (dev_port)
	Bus        string // subsystem of the device: platform, pci, usb, sdio, virtio, ...; "" if none
	Device     string // the device, relative to /sys: "devices/platform/soc/..."; "" if none
	Virtual    bool   // no device: under devices/virtual or without a device link
	Wireless   bool   // has a phy80211 link or a wireless directory
	DevType    string // DEVTYPE in uevent: "" for plain Ethernet, wlan, wwan, bridge, ...
	Kinds      Kind
	Placement  Placement // what the firmware says about the device's place
}

// List reads every interface under sys/class/net, sorted by name.
func List(fsys fs.FS) ([]Interface, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return nil, ErrNoSymlinks
	}
	entries, err := fs.ReadDir(fsys, classDir)
	if err != nil {
		return nil, fmt.Errorf("list network interfaces: %w", err)
	}
	var out []Interface
	for _, e := range entries {
		// Files such as bonding_masters sit next to the interfaces.
		if st, err := fs.Stat(fsys, classDir+"/"+e.Name()); err != nil || !st.IsDir() {
			continue
		}
		out = append(out, read(fsys, e.Name()))
	}
	return out, nil
}

// Read reads one interface by name.
func Read(fsys fs.FS, name string) (Interface, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return Interface{}, ErrNoSymlinks
	}
	if name == "" || strings.Contains(name, "/") || name == "." || name == ".." {
		return Interface{}, fmt.Errorf("%w: %q", ErrNoInterface, name)
	}
	if st, err := fs.Stat(fsys, classDir+"/"+name); err != nil || !st.IsDir() {
		return Interface{}, fmt.Errorf("%w: %s is not in /%s (hwident show lists the interfaces)", ErrNoInterface, name, classDir)
	}
	return read(fsys, name), nil
}

func read(fsys fs.FS, name string) Interface {
	dir := classDir + "/" + name
	attr := func(a string) string {
		b, err := fs.ReadFile(fsys, dir+"/"+a)
		if err != nil {
			return ""
		}
		return strings.TrimRight(string(b), "\n")
	}
	num := func(a string) int {
		n, err := strconv.Atoi(strings.TrimSpace(attr(a)))
		if err != nil {
			return -1
		}
		return n
	}
	exists := func(a string) bool { _, err := fs.Lstat(fsys, dir+"/"+a); return err == nil }

	i := Interface{
		Name: name, Address: attr("address"), AddrAssign: AddrAssign(num("addr_assign_type")),
		Type: num("type"), Ifindex: num("ifindex"), Iflink: num("iflink"), DevPort: num("dev_port"),
		Wireless: exists("phy80211") || exists("wireless"),
	}
	if i.AddrAssign < AddrPermanent || i.AddrAssign > AddrSet {
		i.AddrAssign = AddrUnknown
	}

	// The class entry links to the interface's real directory; the device
	// link inside it is relative to that directory.
	real := dir
	if l, err := fs.ReadLink(fsys, dir); err == nil {
		real = path.Join(classDir, l)
	}
	if l, err := fs.ReadLink(fsys, dir+"/device"); err == nil {
		dev := path.Join(real, l)
		i.Device = strings.TrimPrefix(dev, "sys/")
		if s, err := fs.ReadLink(fsys, dev+"/subsystem"); err == nil {
			i.Bus = path.Base(s)
		}
	}
	i.Virtual = i.Device == "" || strings.HasPrefix(real, "sys/devices/virtual/")

	i.Placement = readPlacement(fsys, i.Device)
	devtype := ueventValue(attr("uevent"), "DEVTYPE")
	i.DevType = devtype
	switch {
	case devtype == "bridge" || exists("bridge"):
		i.Kinds |= Bridge
		if strings.HasPrefix(i.Address, "02:42:") {
			i.Kinds |= Docker
		}
	case devtype == "bond" || exists("bonding"):
		i.Kinds |= Bond
	case devtype == "vlan":
		i.Kinds |= VLAN
	case devtype == "gadget":
		i.Kinds |= Gadget
	case devtype == "" && i.Virtual && i.Type == ARPHRDEther && i.Iflink != i.Ifindex:
		i.Kinds |= Veth
	}
	if f, err := strconv.ParseUint(attr("tun_flags"), 0, 32); err == nil {
		const iffTun, iffTap = 0x1, 0x2
		if f&iffTun != 0 {
			i.Kinds |= Tun
		}
		if f&iffTap != 0 {
			i.Kinds |= Tap
		}
	}
	return i
}

// ueventValue returns the value of KEY=value in a uevent file.
func ueventValue(uevent, key string) string {
	for _, line := range strings.Split(uevent, "\n") {
		if v, ok := strings.CutPrefix(line, key+"="); ok {
			return v
		}
	}
	return ""
}
