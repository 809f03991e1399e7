package main

import (
	"fmt"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/identity"
)

// readNetSource reads net:mender, net:auto and net:IFNAME.
//
// net:mender applies no check at all: it must print what Mender's script
// prints, even an empty or random address, or replacing the script would
// change deployed identities.
func (m *machine) readNetSource(arg string) (string, error) {
	switch arg {
	case "mender":
		_, addr, err := netif.Mender(m.fsys)
		return addr, err
	case "auto":
		i, err := m.autoNIC()
		return i.Address, err
	}
	i, err := netif.Read(m.fsys, arg)
	if err != nil {
		return "", err
	}
	return i.Address, checkNamedNIC(i)
}

// autoNIC is the interface net:auto picks.
func (m *machine) autoNIC() (netif.Interface, error) {
	ifs, err := netif.List(m.fsys)
	if err != nil {
		return netif.Interface{}, err
	}
	return netif.Auto(ifs, burntInMAC)
}

// burntInMAC is net:auto's address rule: unicast, universally administered.
func burntInMAC(addr string) error { return identity.CheckMAC(addr, true) }

// checkNamedNIC accepts any well-formed unicast address of an interface the
// config names, except one the kernel made up at random: that one changes
// at every boot.
func checkNamedNIC(i netif.Interface) error {
	if err := identity.CheckMAC(i.Address, false); err != nil {
		return fmt.Errorf("interface %s: %w", i.Name, err)
	}
	if i.AddrAssign == netif.AddrRandom {
		return fmt.Errorf("interface %s: %w: the kernel chose it at random, it changes at every boot", i.Name, netif.ErrNotPermanent)
	}
	return nil
}
