package machine

import (
	"strconv"
	"strings"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/identity"
)

// showNet lists what net:auto and net:mender pick, then every interface
// with its facts: whether net:IFNAME may use it (the row's verdict), and
// where net:auto ranks it and why.
func (m *Machine) showNet() []Candidate {
	ifs, err := netif.List(m.FS)
	if err != nil {
		return []Candidate{{Source: "net:auto", Verdict: err.Error()}}
	}
	auto := Candidate{Source: "net:auto"}
	autoName := ""
	if i, err := netif.Auto(ifs, burntInMAC); err != nil {
		auto.Verdict = err.Error()
	} else {
		autoName = i.Name
		c, _ := i.AutoClass(burntInMAC)
		auto.Value, auto.Usable = strings.TrimSpace(i.Address), true
		auto.Verdict = "picks " + identity.Quote(i.Name) + " (" + c.String() + ": " + decidedBy(i, c) + "; stable: see docs/net-auto.md)"
	}
	mender := Candidate{Source: "net:mender"}
	menderName, addr, err := netif.Mender(m.FS)
	if err != nil {
		mender.Verdict = err.Error()
	} else {
		mender.Value, mender.Usable = addr, true
		mender.Verdict = "picks " + identity.Quote(menderName) + " (Mender's script: lowest ifindex of type 1; the default without a config)"
		if menderName != autoName {
			mender.Verdict += "; differs from net:auto"
		}
	}
	out := append(make([]Candidate, 0, 2+len(ifs)), auto, mender)

	ranked := netif.Ranked(ifs, burntInMAC)
	rank := map[string]int{}
	for n, i := range ranked {
		rank[i.Name] = n + 1
	}
	for _, i := range ifs {
		// The verdict answers for the spec on the row, net:IFNAME; what
		// net:auto makes of the interface follows.
		c := Candidate{Source: "net:" + i.Name, Value: strings.TrimSpace(i.Address), Facts: nicFacts(i)}
		var v []string
		if err := checkNamedNIC(i); err != nil {
			v = append(v, "refused: "+err.Error())
		} else {
			c.Usable = true
			if w := setAtBootWarning(i); w != "" {
				v = append(v, w)
			}
		}
		if class, err := i.AutoClass(burntInMAC); err != nil {
			v = append(v, "net:auto: not a candidate: "+err.Error())
		} else {
			v = append(v, "net:auto: choice "+strconv.Itoa(rank[i.Name])+" of "+strconv.Itoa(len(ranked))+
				" ("+class.String()+": "+decidedBy(i, class)+")")
		}
		if i.Name == menderName {
			v = append(v, "picked by net:mender")
		}
		c.Verdict = strings.Join(v, "; ")
		out = append(out, c)
	}
	return out
}

// decidedBy names the sysfs facts that put the interface in its class.
func decidedBy(i netif.Interface, c netif.Class) string {
	p := i.Placement
	var s string
	switch c.Place {
	case netif.OnboardIndexed:
		s = p.IndexAttr + "=" + strconv.Itoa(p.Index) + " on " + p.PCI
		if p.Label != "" {
			s += " label " + identity.Quote(p.Label)
		}
	case netif.InSlot:
		s = "in /sys/bus/pci/slots/" + strconv.Itoa(p.Slot) + " (address " + p.SlotAddr + "), no firmware index"
	case netif.USBFixed, netif.Removable:
		s = "removable=" + p.Removable + " on " + p.RemovableDev
	case netif.USBUnknown:
		s = "no removable file on its USB device"
		if p.Removable != "" {
			s = "removable=" + p.Removable + " on " + p.RemovableDev
		}
	default:
		s = "bus " + identity.Quote(i.Bus) + ": no acpi_index or index, no hot-plug slot, no removable port"
	}
	if p.BadIndex != "" {
		s += "; " + p.BadIndex + " ignored (not a number or above " + strconv.Itoa(netif.MaxFirmwareIndex) + ", a firmware bug)"
	}
	return s
}

func nicFacts(i netif.Interface) []identity.Attr {
	// Appended to a made slice, not a [6]identity.Attr literal: that array
	// type would bring its own descriptor and equality function.
	f := append(make([]identity.Attr, 0, 16),
		identity.Attr{Key: "address_type", Value: i.AddrAssign.String()},
		identity.Attr{Key: "type", Value: strconv.Itoa(i.Type)},
		identity.Attr{Key: "ifindex", Value: strconv.Itoa(i.Ifindex)},
		identity.Attr{Key: "iflink", Value: strconv.Itoa(i.Iflink)},
		identity.Attr{Key: "virtual", Value: yesNo(i.Virtual)},
		identity.Attr{Key: "wireless", Value: yesNo(i.Wireless)},
	)
	add := func(k, v string) {
		if v != "" {
			f = append(f, identity.Attr{Key: k, Value: v})
		}
	}
	add("devtype", i.DevType)
	add("bus", i.Bus)
	add("device", i.Device)
	add("kind", i.Kinds.String())
	p := i.Placement
	if p.Index >= 0 {
		add(p.IndexAttr, strconv.Itoa(p.Index))
	}
	add("label", p.Label)
	if p.Slot > 0 {
		add("slot", strconv.Itoa(p.Slot))
	}
	add("removable", p.Removable)
	return f
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
