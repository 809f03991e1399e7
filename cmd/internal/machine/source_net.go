package machine

import (
	"fmt"
	"strings"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/identity"
)

// readNetSource reads net:mender, net:auto and net:IFNAME.
//
// net:mender applies no check at all: it must print what Mender's script
// prints, even an empty or random address, or replacing the script would
// change deployed identities.
func (m *Machine) readNetSource(arg string) (string, error) {
	switch arg {
	case "mender":
		_, addr, err := netif.Mender(m.FS)
		return addr, err
	case "auto":
		ifs, err := netif.List(m.FS)
		if err != nil {
			return "", err
		}
		i, err := netif.Auto(ifs, burntInMAC)
		if err != nil {
			return "", err
		}
		// The address as identity.CheckMAC read it: without the white
		// space around it, so what is printed is what was checked.
		return strings.TrimSpace(i.Address), nil
	}
	i, err := netif.Read(m.FS, arg)
	if err != nil {
		return "", err
	}
	if err := checkNamedNIC(i); err != nil {
		return "", err
	}
	return strings.TrimSpace(i.Address), nil
}

// burntInMAC is net:auto's address rule: unicast, universally administered.
func burntInMAC(addr string) error { return identity.CheckMAC(addr, true) }

// checkNamedNIC accepts any well-formed unicast address of an interface the
// config names, except one the kernel made up at random (it changes at
// every boot) and the known defaults that many units share (identities
// would collide). An address user space sets at boot is accepted: the
// config names the interface on purpose, and BSPs that derive a locally
// administered address from a fused serial are stable; show warns (see
// setAtBootWarning).
func checkNamedNIC(i netif.Interface) error {
	if err := identity.CheckMAC(i.Address, false); err != nil {
		return fmt.Errorf("interface %s: %w", identity.Quote(i.Name), err)
	}
	if i.AddrAssign == netif.AddrRandom {
		return fmt.Errorf("interface %s: %w: the kernel chose it at random, it changes at every boot", identity.Quote(i.Name), netif.ErrNotPermanent)
	}
	if err := netif.SharedAddress(i.Address); err != nil {
		return fmt.Errorf("interface %s: %w: identities would collide; use another source", identity.Quote(i.Name), err)
	}
	return nil
}

// setAtBootWarning is show's warning for net:IFNAME when user space set a
// locally administered address: it is only as stable as what sets it (a
// udev rule, systemd's MACAddressPolicy=persistent hashing /etc/machine-id,
// which a reinstall changes).
func setAtBootWarning(i netif.Interface) string {
	if i.AddrAssign != netif.AddrSet || identity.CheckMAC(i.Address, true) == nil || identity.CheckMAC(i.Address, false) != nil {
		return ""
	}
	return "warning: a locally administered address set by user space (addr_assign_type 3): only as stable as what sets it at every boot (docs/net-auto.md)"
}
