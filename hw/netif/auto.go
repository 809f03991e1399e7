package netif

import (
	"errors"
	"fmt"
	"sort"
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
)

// Class orders the interfaces Auto may pick: lower is preferred.
type Class int

const (
	OnboardWired Class = iota
	USBWired
	OnboardWireless
	USBWireless
)

func (c Class) String() string {
	return [...]string{"on-board wired", "USB wired", "on-board wireless", "USB wireless"}[c]
}

// AutoClass says whether Auto may pick the interface and in which class, or
// why not. checkAddr judges the address (hwident passes
// identity.CheckMAC(addr, true): unicast, universally administered).
func (i Interface) AutoClass(checkAddr func(string) error) (Class, error) {
	switch {
	case i.Type != ARPHRDEther:
		return 0, fmt.Errorf("%w (type %d)", ErrNotEthernet, i.Type)
	case i.Kinds != 0:
		return 0, fmt.Errorf("%w: %s", ErrSoftware, i.Kinds)
	case i.Virtual:
		return 0, ErrVirtual
	case i.Iflink != i.Ifindex:
		return 0, fmt.Errorf("%w (iflink %d, ifindex %d)", ErrStacked, i.Iflink, i.Ifindex)
	case i.AddrAssign != AddrPermanent:
		return 0, fmt.Errorf("%w (addr_assign_type: %s)", ErrNotPermanent, i.AddrAssign)
	}
	if err := checkAddr(i.Address); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrBadAddress, err)
	}
	c := OnboardWired
	if i.Bus == "usb" {
		c = USBWired
	}
	if i.Wireless {
		c += OnboardWireless
	}
	return c, nil
}

// Ranked returns the interfaces Auto may pick, best first: by class, then
// by device path (the place on the bus: a USB port path such as 1-1.2, a
// PCI slot, a platform register address), then dev_port for devices with
// several ports, then address. Names, ifindex, probe order and link state
// play no part, so renaming, hotplug elsewhere, or a new virtual interface
// cannot change the order of the rest.
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
	sort.Slice(ok, func(a, b int) bool {
		x, y := ok[a], ok[b]
		switch {
		case x.class != y.class:
			return x.class < y.class
		case x.Device != y.Device:
			return x.Device < y.Device
		case x.DevPort != y.DevPort:
			return x.DevPort < y.DevPort
		}
		return x.Address < y.Address
	})
	out := make([]Interface, len(ok))
	for n, r := range ok {
		out[n] = r.Interface
	}
	return out
}

// Auto picks the interface net:auto uses: the first of Ranked.
func Auto(ifaces []Interface, checkAddr func(string) error) (Interface, error) {
	if r := Ranked(ifaces, checkAddr); len(r) > 0 {
		return r[0], nil
	}
	var why []string
	for _, i := range ifaces {
		_, err := i.AutoClass(checkAddr)
		why = append(why, i.Name+": "+err.Error())
	}
	if len(why) == 0 {
		why = []string{"no interfaces"}
	}
	return Interface{}, fmt.Errorf("%w for net:auto (%s): configure another source or net:IFNAME", ErrNoneSuitable, strings.Join(why, "; "))
}
