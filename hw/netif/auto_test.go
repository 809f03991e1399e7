package netif

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// burntIn stands in for identity.CheckMAC(addr, true), which hw/ packages may
// not import: it rejects multicast and locally administered first octets.
func burntIn(addr string) error {
	b, err := strconv.ParseUint(addr[:min(2, len(addr))], 16, 8)
	if err != nil || b&3 != 0 {
		return errors.New("not a universal unicast MAC")
	}
	return nil
}

// change is one thing that happens to a running machine.
type change struct {
	name  string
	apply func([]nic) []nic
}

func add(n ...nic) func([]nic) []nic {
	return func(in []nic) []nic { return append(append([]nic{}, in...), n...) }
}

// edit returns a copy of the board with f applied to every interface.
func edit(f func(i int, n *nic)) func([]nic) []nic {
	return func(in []nic) []nic {
		out := append([]nic{}, in...)
		for i := range out {
			f(i, &out[i])
		}
		return out
	}
}

var changes = []change{
	{"USB dongle with a burnt-in MAC plugged into a later port", add(nic{name: "enx00e04c36aa01",
		dev: "devices/platform/soc/3f980000.usb/usb1/1-1/1-1.4/1-1.4:1.0", bus: "usb", addr: "00:e0:4c:36:aa:01", typ: 1, ifindex: 40})},
	{"USB dongle with a random MAC", add(nic{name: "eth9",
		dev: "devices/pci0000:00/0000:00:14.0/usb1/1-0/1-0:1.0", bus: "usb", addr: "ba:d0:00:00:00:01", assign: 1, typ: 1, ifindex: 41})},
	{"Docker started: bridge and veth", add(
		nic{name: "docker0", addr: "02:42:7d:1e:88:0c", assign: 3, typ: 1, ifindex: 42, devtype: "bridge", extra: map[string]string{"bridge/": ""}},
		nic{name: "veth3f2a1b0", addr: "b6:1d:3a:9e:40:21", assign: 1, typ: 1, ifindex: 44, iflink: 43})},
	{"bridge with a copied burnt-in address", add(nic{name: "br0", addr: "00:04:9f:00:00:01", assign: 3, typ: 1, ifindex: 45,
		devtype: "bridge", extra: map[string]string{"bridge/": ""}})},
	{"bond and VLAN stealing an address", add(
		nic{name: "bond0", addr: "00:04:9f:00:00:02", assign: 2, typ: 1, ifindex: 46, devtype: "bond", extra: map[string]string{"bonding/": ""}},
		nic{name: "vlan100", addr: "00:04:9f:00:00:03", assign: 2, typ: 1, ifindex: 47, iflink: 2, devtype: "vlan"})},
	{"tun and tap", add(
		nic{name: "tun0", typ: 65534, ifindex: 48, extra: map[string]string{"tun_flags": "0x1001\n"}},
		nic{name: "tap0", addr: "00:04:9f:00:00:04", typ: 1, ifindex: 49, extra: map[string]string{"tun_flags": "0x1002\n"}})},
	{"dummy and macvlan with universal addresses", add(
		nic{name: "dummy0", addr: "00:04:9f:00:00:05", typ: 1, ifindex: 50},
		nic{name: "mv0", addr: "00:04:9f:00:00:06", typ: 1, ifindex: 51, iflink: 2})},
	{"USB gadget with a set MAC", add(nic{name: "usb0", dev: "devices/platform/ocp/47400000.usb/musb-hdrc.0/gadget.0", bus: "gadget",
		addr: "00:04:9f:00:00:07", assign: 3, typ: 1, ifindex: 52, devtype: "gadget"})},
	{"interfaces renamed", edit(func(i int, n *nic) {
		if n.dev != "" {
			n.name = "renamed" + strconv.Itoa(9-i)
		}
	})},
	{"ifindex shuffled", edit(func(i int, n *nic) {
		n.ifindex = 100 + 7*i
		n.iflink = 0
	})},
	{"links down", edit(func(_ int, n *nic) {
		n.extra = merge(n.extra, map[string]string{"operstate": "down\n", "carrier": "0\n", "flags": "0x1002\n"})
	})},
	{"links up", edit(func(_ int, n *nic) {
		n.extra = merge(n.extra, map[string]string{"operstate": "up\n", "carrier": "1\n", "flags": "0x1003\n"})
	})},
	{"listed in another order", func(in []nic) []nic {
		out := make([]nic, len(in))
		for i := range in {
			out[len(in)-1-i] = in[i]
		}
		return out
	}},
	{"dongle with a burnt-in MAC in a removable port", add(withFiles(usbNIC("enx00e04c68aa02", "3-2", "00:e0:4c:68:aa:02", 53, "removable"), nil))},
	{"Wi-Fi dongle in a removable port", add(wireless(usbNIC("wlx000f00aa0003", "3-1", "00:0f:00:aa:00:03", 54, "removable")))},
	{"cellular modem with a universal address", add(nic{name: "wwan0", dev: "devices/platform/soc/usb/1-0/1-0:1.4", bus: "usb",
		addr: "00:1e:10:1f:00:00", typ: 1, ifindex: 55, devtype: "wwan"})},
	{"plug-in card in a hot-plug slot", add(withFiles(pciNIC("ens9", "0000:00:1d.0/0000:70:00.0", "00:02:c9:00:00:01", 56, nil), slot("9", "0000:70:00")))},
	{"slot cards removed", func(in []nic) []nic {
		var out []nic
		for _, n := range in {
			if !inSlot(n) || n.addr == keepAddr {
				out = append(out, n)
			}
		}
		return out
	}},
}

// keepAddr is the address of the board under test's choice: removing the
// chosen card itself must change the choice, removing the others must not.
var keepAddr string

func wireless(n nic) nic {
	n.devtype, n.extra = "wlan", wifi
	return n
}

func inSlot(n nic) bool {
	for k := range n.files {
		if strings.HasPrefix(k, "bus/pci/slots/") {
			return true
		}
	}
	return false
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestAutoInvariance: no change a running machine goes through moves
// net:auto, on any board; Mender's rule moves on some of them.
func TestAutoInvariance(t *testing.T) {
	boards := []struct {
		name  string
		nics  []nic
		want  string
		class Place
	}{
		{"rpi3 (only wired NIC on USB)", rpi3, "b8:27:eb:5c:3a:10", USBUnknown},
		{"imx8m end0/end1", imx8, "00:04:9f:07:a1:10", OnboardBus},
		{"x86 with a USB dongle at lower ifindex", x86, "a8:a1:59:0e:22:f3", OnboardBus},
		{"Dell-shaped server: NIC1 by acpi_index, slot card", dellR740, "e4:43:4b:10:20:30", OnboardIndexed},
	}
	for _, b := range boards {
		base := b.nics
		keepAddr = b.want
		for _, c := range append([]change{{"as booted", func(n []nic) []nic { return n }}}, changes...) {
			t.Run(b.name+"/"+c.name, func(t *testing.T) {
				if c.name == "plug-in card in a hot-plug slot" && b.class == USBUnknown {
					t.Skip("a slot card ranks before a USB NIC whose port removability is unknown (docs/net-auto.md, known limits)")
				}
				ifs, err := List(layout(c.apply(base)))
				if err != nil {
					t.Fatal(err)
				}
				got, err := Auto(ifs, burntIn)
				if err != nil {
					t.Fatal(err)
				}
				if got.Address != b.want {
					t.Errorf("net:auto picks %s (%s), want %s", got.Name, got.Address, b.want)
				}
				if cl, _ := got.AutoClass(burntIn); cl.Place != b.class {
					t.Errorf("class %s, want place %d", cl, b.class)
				}
			})
		}
	}
}

// TestMenderMoves documents why net:auto exists: the same changes move
// Mender's pick.
func TestMenderMoves(t *testing.T) {
	_, before, _ := Mender(layout(imx8))
	_, after, _ := Mender(layout(changes[9].apply(imx8))) // ifindex shuffled
	if before == after {
		t.Errorf("Mender's pick did not move with ifindex (%s): the shuffle test is too weak", before)
	}
}

func TestAutoReasons(t *testing.T) {
	tests := []struct {
		n    nic
		want error
	}{
		{nic{name: "lo", addr: "00:00:00:00:00:00", typ: 772, ifindex: 1}, ErrNotEthernet},
		{nic{name: "dummy0", addr: "00:04:9f:00:00:05", typ: 1, ifindex: 2}, ErrVirtual},
		{nic{name: "br0", typ: 1, ifindex: 3, extra: map[string]string{"bridge/": ""}}, ErrSoftware},
		{nic{name: "dsa0", dev: "devices/platform/switch", bus: "platform", addr: "00:04:9f:00:00:05", typ: 1, ifindex: 4, iflink: 2}, ErrStacked},
		{nic{name: "eth0", dev: "devices/platform/eth", bus: "platform", addr: "00:04:9f:00:00:05", assign: 1, typ: 1, ifindex: 5}, ErrNotPermanent},
		{nic{name: "ens3", dev: "devices/pci0000:00/0000:00:03.0/virtio0", bus: "virtio", addr: "52:54:00:12:34:56", typ: 1, ifindex: 6}, ErrBadAddress},
	}
	for _, tc := range tests {
		i, err := Read(layout([]nic{tc.n}), tc.n.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := i.AutoClass(burntIn); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.n.name, err, tc.want)
		}
	}
	ifs, _ := List(layout([]nic{tests[0].n, tests[len(tests)-1].n}))
	if _, err := Auto(ifs, burntIn); !errors.Is(err, ErrNoneSuitable) {
		t.Errorf("Auto with no usable NIC: %v, want ErrNoneSuitable", err)
	}
}

func TestRankedOrder(t *testing.T) {
	nics := []nic{
		{name: "w-usb", dev: "devices/platform/usb/usb1/1-1/1-1:1.0", bus: "usb", addr: "00:00:01:00:00:01", typ: 1, ifindex: 2, devtype: "wlan", extra: wifi},
		{name: "w-sdio", dev: "devices/platform/mmc/mmc1:0001:1", bus: "sdio", addr: "00:00:01:00:00:02", typ: 1, ifindex: 3, extra: wifi},
		{name: "usb-1.10", dev: "devices/platform/usb/usb1/1-1/1-1.10/1-1.10:1.0", bus: "usb", addr: "00:00:01:00:00:03", typ: 1, ifindex: 4},
		{name: "usb-1.2", dev: "devices/platform/usb/usb1/1-1/1-1.2/1-1.2:1.0", bus: "usb", addr: "00:00:01:00:00:04", typ: 1, ifindex: 5},
		{name: "port1", dev: "devices/platform/cp0/f2010000.ethernet", bus: "platform", addr: "00:00:01:00:00:06", typ: 1, ifindex: 6,
			extra: map[string]string{"dev_port": "1\n"}},
		{name: "port0", dev: "devices/platform/cp0/f2010000.ethernet", bus: "platform", addr: "00:00:01:00:00:07", typ: 1, ifindex: 7,
			extra: map[string]string{"dev_port": "0\n"}},
		{name: "pci", dev: "devices/pci0000:00/0000:00:1c.0/0000:01:00.0", bus: "pci", addr: "00:00:01:00:00:08", typ: 1, ifindex: 8},
	}
	ifs, err := List(layout(nics))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range Ranked(ifs, burntIn) {
		got = append(got, i.Name)
	}
	// Byte order of the device path: "1-1.10" sorts before "1-1.2".
	want := []string{"pci", "port0", "port1", "usb-1.10", "usb-1.2", "w-sdio", "w-usb"}
	if len(got) != len(want) {
		t.Fatalf("Ranked = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Ranked = %v, want %v", got, want)
		}
	}
}
