package netif

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Reasons an interface cannot be picked by Auto; AutoClass wraps one of them.
var (
	ErrNotEthernet  = errors.New("not Ethernet or Wi-Fi")
	ErrVirtual      = errors.New("virtual interface, no hardware of its own")
	ErrSoftware     = errors.New("software interface")
	ErrStacked      = errors.New("stacked on another interface")
	ErrNotPermanent = errors.New("address is not burnt in")
	ErrBadAddress   = errors.New("address unusable as identity")
	ErrModem        = errors.New("cellular modem (DEVTYPE=wwan)")
)

// Place is where a NIC's hardware sits, as the firmware and kernel say; it
// orders the candidates of net:auto (lower first).
type Place int

const (
	OnboardIndexed Place = iota // PCI function with a firmware on-board index (acpi_index, SMBIOS type 41)
	OnboardBus                  // on a board bus (platform, SDIO, PCI without index or slot, ...), not USB
	USBFixed                    // USB, the kernel says the port is fixed (hard-wired on the board)
	InSlot                      // PCI function in a hot-plug slot, or behind a bridge in one
	USBUnknown                  // USB, the kernel cannot tell (most device-tree boards)
	Removable                   // behind a port the kernel says is removable (USB, Thunderbolt)
)

// Class is a candidate's place and medium; Less orders two of them.
type Class struct {
	Place    Place
	Wireless bool
	Index    int // firmware index (OnboardIndexed)
	Slot     int // slot number (InSlot)
}

// tier groups the classes: built-in wired, built-in wireless, then
// everything behind a removable port (wired before wireless).
func (c Class) tier() int {
	switch {
	case c.Place == Removable && c.Wireless:
		return 3
	case c.Place == Removable:
		return 2
	case c.Wireless:
		return 1
	}
	return 0
}

// Less reports whether c ranks before d.
func (c Class) Less(d Class) bool {
	switch {
	case c.tier() != d.tier():
		return c.tier() < d.tier()
	case c.Place != d.Place:
		return c.Place < d.Place
	case c.Place == OnboardIndexed && c.Index != d.Index:
		return c.Index < d.Index
	case c.Place == InSlot && c.Slot != d.Slot:
		return c.Slot < d.Slot
	}
	return false
}

func (c Class) String() string {
	medium := "wired"
	if c.Wireless {
		medium = "wireless"
	}
	switch c.Place {
	case OnboardIndexed:
		return "on-board " + medium + " by firmware index " + strconv.Itoa(c.Index)
	case OnboardBus:
		return "on-board " + medium + " (no firmware index)"
	case InSlot:
		return medium + " in slot " + strconv.Itoa(c.Slot)
	case USBFixed:
		return "USB fixed " + medium
	case USBUnknown:
		return "USB " + medium + " (port removability unknown)"
	}
	return "removable " + medium
}

// AutoClass says whether Auto may pick the interface and in which class, or
// why not. checkAddr judges the address (hwident passes
// identity.CheckMAC(addr, true): unicast, universally administered); the
// known shared defaults (SharedAddress) are refused here.
func (i Interface) AutoClass(checkAddr func(string) error) (Class, error) {
	why := func(reason error, detail string, err error) (Class, error) {
		return Class{}, &autoError{reason, detail, err}
	}
	switch {
	case i.Type != ARPHRDEther:
		return why(ErrNotEthernet, " (type "+strconv.Itoa(i.Type)+")", nil)
	case i.Kinds != 0:
		return why(ErrSoftware, ": "+i.Kinds.String(), nil)
	case i.DevType == "wwan":
		return why(ErrModem, "", nil)
	case i.DevType != "" && i.DevType != "wlan":
		// Only plain Ethernet and Wi-Fi: Bluetooth PAN, HSR, and whatever
		// else uses type 1 with a DEVTYPE is not an Ethernet port.
		return why(ErrNotEthernet, " (DEVTYPE="+strconv.Quote(i.DevType[:min(len(i.DevType), 32)])+")", nil)
	case i.Virtual:
		return why(ErrVirtual, "", nil)
	case i.Iflink != i.Ifindex:
		return why(ErrStacked, " (iflink "+strconv.Itoa(i.Iflink)+", ifindex "+strconv.Itoa(i.Ifindex)+")", nil)
	case i.AddrAssign != AddrPermanent:
		return why(ErrNotPermanent, " (addr_assign_type: "+i.AddrAssign.String()+")", nil)
	}
	if err := checkAddr(i.Address); err != nil {
		return why(ErrBadAddress, "", err)
	}
	if err := SharedAddress(i.Address); err != nil {
		return why(ErrBadAddress, "", err)
	}
	p := i.Placement
	c := Class{Wireless: i.Wireless || i.DevType == "wlan", Index: p.Index, Slot: p.Slot}
	switch {
	case p.Removable == "removable":
		c.Place = Removable
	case i.Bus == "usb" && p.Removable == "fixed":
		c.Place = USBFixed
	case i.Bus == "usb":
		c.Place = USBUnknown
	case p.Index >= 0:
		c.Place = OnboardIndexed
	case p.Slot > 0:
		c.Place = InSlot
	default:
		c.Place = OnboardBus
	}
	return c, nil
}

// Ranked returns the interfaces Auto may pick, best first: by class (see
// Class.Less), then by device path (the place on the bus: a USB port path
// such as 1-1.2, a PCI address, a platform register address), then
// dev_port for devices with several ports, then address. Names, ifindex,
// probe order and link state play no part, so renaming, hotplug elsewhere,
// or a new virtual interface cannot change the order of the rest.
func Ranked(ifaces []Interface, checkAddr func(string) error) []Interface {
	type ranked struct {
		Interface
		class Class
	}
	var ok []ranked
	for _, i := range ifaces {
		if c, err := i.AutoClass(checkAddr); err == nil {
			ok = append(ok, ranked{i, c})
		}
	}
	// By insertion (stable; a few interfaces), not sort.Slice: no sort
	// package in device builds (docs/size.md).
	for i := 1; i < len(ok); i++ {
		for j := i; j > 0; j-- {
			x, y := &ok[j], &ok[j-1]
			var less bool
			switch {
			case x.class.Less(y.class) || y.class.Less(x.class):
				less = x.class.Less(y.class)
			case x.Device != y.Device:
				less = x.Device < y.Device
			case x.DevPort != y.DevPort:
				less = x.DevPort < y.DevPort
			default:
				less = x.Address < y.Address
			}
			if !less {
				break
			}
			*x, *y = *y, *x
		}
	}
	out := make([]Interface, len(ok))
	for n, r := range ok {
		out[n] = r.Interface
	}
	return out
}

// autoError is why AutoClass refuses an interface: one of the reasons
// above, details, and the address check's error if that was it.
type autoError struct {
	reason error
	detail string
	err    error
}

func (e *autoError) Error() string {
	s := e.reason.Error() + e.detail
	if e.err != nil {
		s += ": " + e.err.Error()
	}
	return s
}

func (e *autoError) Unwrap() []error { return append(make([]error, 0, 2), e.reason, e.err) }

// Auto picks the interface net:auto uses: the first of Ranked.
func Auto(ifaces []Interface, checkAddr func(string) error) (Interface, error) {
	if r := Ranked(ifaces, checkAddr); len(r) > 0 {
		return r[0], nil
	}
	var why []string
	for _, i := range ifaces {
		_, err := i.AutoClass(checkAddr)
		why = append(why, fmt.Sprintf("%.32q: %v", i.Name, err))
	}
	if len(why) == 0 {
		why = []string{"no interfaces"}
	}
	return Interface{}, fmt.Errorf("%w for net:auto (%s): configure another source or net:IFNAME", ErrNoneSuitable, strings.Join(why, "; "))
}
