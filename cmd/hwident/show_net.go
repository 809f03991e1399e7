package main

import (
	"strconv"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/identity"
)

// showNet lists what net:auto and net:mender pick, then every interface
// with its facts and whether net:auto may use it.
func (m *machine) showNet() []candidate {
	ifs, err := netif.List(m.fsys)
	if err != nil {
		return []candidate{{Source: "net:auto", Verdict: err.Error()}}
	}
	auto := candidate{Source: "net:auto"}
	autoName := ""
	if i, err := netif.Auto(ifs, burntInMAC); err != nil {
		auto.Verdict = err.Error()
	} else {
		autoName = i.Name
		c, _ := i.AutoClass(burntInMAC)
		auto.Value, auto.Usable = i.Address, true
		auto.Verdict = "picks " + i.Name + " (" + c.String() + "; stable: see docs/net-auto.md)"
	}
	mender := candidate{Source: "net:mender"}
	menderName, addr, err := netif.Mender(m.fsys)
	if err != nil {
		mender.Verdict = err.Error()
	} else {
		mender.Value, mender.Usable = addr, true
		mender.Verdict = "picks " + menderName + " (Mender's script: lowest ifindex of type 1; the default without a config)"
		if menderName != autoName {
			mender.Verdict += "; differs from net:auto"
		}
	}
	out := []candidate{auto, mender}

	rank := map[string]int{}
	for n, i := range netif.Ranked(ifs, burntInMAC) {
		rank[i.Name] = n + 1
	}
	for _, i := range ifs {
		c := candidate{Source: "net:" + i.Name, Value: i.Address, Facts: nicFacts(i)}
		if class, err := i.AutoClass(burntInMAC); err != nil {
			c.Verdict = "not for net:auto: " + err.Error()
		} else {
			c.Usable = true
			c.Verdict = "net:auto choice " + strconv.Itoa(rank[i.Name]) + " of " + strconv.Itoa(len(rank)) + " (" + class.String() + ")"
		}
		if i.Name == menderName {
			c.Verdict += "; picked by net:mender"
		}
		out = append(out, c)
	}
	return out
}

func nicFacts(i netif.Interface) []identity.Attr {
	f := []identity.Attr{
		{Key: "address_type", Value: i.AddrAssign.String()},
		{Key: "type", Value: strconv.Itoa(i.Type)},
		{Key: "ifindex", Value: strconv.Itoa(i.Ifindex)},
		{Key: "iflink", Value: strconv.Itoa(i.Iflink)},
		{Key: "virtual", Value: yesNo(i.Virtual)},
		{Key: "wireless", Value: yesNo(i.Wireless)},
	}
	if i.Bus != "" {
		f = append(f, identity.Attr{Key: "bus", Value: i.Bus})
	}
	if i.Device != "" {
		f = append(f, identity.Attr{Key: "device", Value: i.Device})
	}
	if i.Kinds != 0 {
		f = append(f, identity.Attr{Key: "kind", Value: i.Kinds.String()})
	}
	return f
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
