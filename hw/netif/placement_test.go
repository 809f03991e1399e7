package netif

import (
	"errors"
	"strings"
	"testing"
)

// pciNIC is an interface on the PCI function dev (under devices/pci0000:00/)
// with the given firmware files on that function.
func pciNIC(name, fn, addr string, ifindex int, fw map[string]string) nic {
	dev := "devices/pci0000:00/" + fn
	files := map[string]string{}
	for k, v := range fw {
		files[dev+"/"+k] = v
	}
	return nic{name: name, dev: dev, bus: "pci", addr: addr, typ: 1, ifindex: ifindex, files: files}
}

// slot is a hot-plug slot directory with its address.
func slot(n, addr string) map[string]string {
	return map[string]string{"bus/pci/slots/" + n + "/address": addr + "\n"}
}

// usbNIC is a USB interface at port path port (e.g. "2-1.3") of the xHCI at
// 0000:00:14.0, its USB device saying removable (or nothing when "").
func usbNIC(name, port, addr string, ifindex int, removable string) nic {
	bus, rest, _ := strings.Cut(port, "-")
	dev := "devices/pci0000:00/0000:00:14.0/usb" + bus
	hops := strings.Split(rest, ".")
	for n := range hops {
		dev += "/" + bus + "-" + strings.Join(hops[:n+1], ".")
	}
	n := nic{name: name, dev: dev + "/" + port + ":1.0", bus: "usb", addr: addr, typ: 1, ifindex: ifindex}
	if removable != "" {
		n.files = map[string]string{dev + "/removable": removable + "\n"}
	}
	return n
}

// dellR740 is shaped after a Dell PowerEdge: four on-board ports that the
// firmware numbers 1-4 (acpi_index, label "NIC1".."NIC4") on two root ports
// whose bus order puts NIC3/NIC4 first, and a plug-in card in slot 1.
var dellR740 = []nic{
	{name: "lo", addr: "00:00:00:00:00:00", typ: 772, ifindex: 1},
	pciNIC("eno3", "0000:00:1c.0/0000:01:00.0", "e4:43:4b:10:20:32", 2, map[string]string{"acpi_index": "3\n", "label": "NIC3\n"}),
	pciNIC("eno4", "0000:00:1c.0/0000:01:00.1", "e4:43:4b:10:20:33", 3, map[string]string{"acpi_index": "4\n", "label": "NIC4\n"}),
	pciNIC("eno1", "0000:00:1c.5/0000:19:00.0", "e4:43:4b:10:20:30", 4, map[string]string{"acpi_index": "1\n", "label": "NIC1\n"}),
	pciNIC("eno2", "0000:00:1c.5/0000:19:00.1", "e4:43:4b:10:20:31", 5, map[string]string{"acpi_index": "2\n", "label": "NIC2\n"}),
	withFiles(pciNIC("ens1f0", "0000:00:02.0/0000:05:00.0", "3c:fd:fe:aa:00:10", 6, nil), slot("1", "0000:05:00")),
	withFiles(pciNIC("ens1f1", "0000:00:02.0/0000:05:00.1", "3c:fd:fe:aa:00:11", 7, nil), slot("1", "0000:05:00")),
}

func withFiles(n nic, files map[string]string) nic {
	m := map[string]string{}
	for k, v := range n.files {
		m[k] = v
	}
	for k, v := range files {
		m[k] = v
	}
	n.files = m
	return n
}

func TestRankingOnFirmwareFacts(t *testing.T) {
	tests := []struct {
		name string
		nics []nic
		want []string // Ranked names
	}{
		{"on-board ports by firmware index, then the slot card", dellR740,
			[]string{"eno1", "eno2", "eno3", "eno4", "ens1f0", "ens1f1"}},
		{"SMBIOS index when there is no acpi_index; acpi_index wins over index", []nic{
			pciNIC("a", "0000:00:19.0", "00:00:01:00:00:01", 2, map[string]string{"index": "2\n"}),
			pciNIC("b", "0000:00:1f.6", "00:00:01:00:00:02", 3, map[string]string{"index": "1\n", "acpi_index": "5\n"}),
			pciNIC("c", "0000:00:1e.0", "00:00:01:00:00:03", 4, map[string]string{"index": "3\n"}),
		}, []string{"a", "c", "b"}},
		{"an index above 16383 is a firmware bug: no index", []nic{
			pciNIC("vmw", "0000:00:15.0/0000:03:00.0", "00:00:01:00:00:01", 2, map[string]string{"acpi_index": "16777215\n"}),
			pciNIC("onb", "0000:00:16.0/0000:0b:00.0", "00:00:01:00:00:02", 3, map[string]string{"acpi_index": "2\n"}),
		}, []string{"onb", "vmw"}},
		{"same index on two devices (Supermicro X10SDV): device path breaks the tie", []nic{
			pciNIC("x552", "0000:00:02.2/0000:03:00.0", "0c:c4:7a:75:91:c8", 4, map[string]string{"index": "1\n"}),
			pciNIC("i350", "0000:00:01.0/0000:02:00.0", "0c:c4:7a:75:91:c0", 2, map[string]string{"index": "1\n"}),
		}, []string{"i350", "x552"}},
		{"a card behind a bridge in a slot is a slot card; slots by number", []nic{
			withFiles(pciNIC("cx", "0000:00:03.0/0000:3b:00.0/0000:3c:00.0", "98:03:9b:00:00:01", 2,
				nil), merge(slot("4", "0000:3b:00"), map[string]string{
				"devices/pci0000:00/0000:00:03.0/0000:3b:00.0/subsystem": "->../../../bus/pci"})),
			withFiles(pciNIC("x710", "0000:00:02.0/0000:18:00.0", "3c:fd:fe:00:00:02", 3, nil), slot("2", "0000:18:00")),
			pciNIC("lom", "0000:00:1c.0/0000:01:00.0", "00:00:01:00:00:03", 4, nil),
		}, []string{"lom", "x710", "cx"}},
		{"USB: fixed before unknown before every built-in wireless; removable last", []nic{
			usbNIC("dongle", "2-1", "00:e0:4c:68:00:01", 2, "removable"),
			usbNIC("unk", "1-1.2", "00:e0:4c:68:00:02", 3, "unknown"),
			usbNIC("fixed", "1-1.1", "b8:27:eb:00:00:03", 4, "fixed"),
			{name: "wlan0", dev: "devices/platform/soc/mmc1:0001:1", bus: "sdio", addr: "b8:27:eb:00:00:04", typ: 1, ifindex: 5,
				devtype: "wlan", extra: wifi},
			withFiles(usbNIC("wdongle", "2-2", "00:0f:00:00:00:05", 6, "removable"), nil),
		}, []string{"fixed", "unk", "wlan0", "dongle", "wdongle"}},
		{"a dock's hard-wired NIC is behind the dock's removable port", []nic{
			withFiles(usbNIC("dock", "2-1.4", "00:e0:4c:68:00:01", 2, "fixed"),
				map[string]string{"devices/pci0000:00/0000:00:14.0/usb2/2-1/removable": "removable\n"}),
			{name: "wlp2s0", dev: "devices/pci0000:00/0000:00:1c.1/0000:02:00.0", bus: "pci", addr: "f4:8c:50:3b:9d:02", typ: 1,
				ifindex: 3, devtype: "wlan", extra: wifi},
		}, []string{"wlp2s0", "dock"}},
		{"Thunderbolt PCI NIC says removable", []nic{
			pciNIC("tb", "0000:00:07.0/0000:05:00.0", "00:00:01:00:00:01", 2, map[string]string{"removable": "removable\n"}),
			{name: "wlan0", dev: "devices/pci0000:00/0000:00:14.3", bus: "pci", addr: "00:00:01:00:00:02", typ: 1, ifindex: 3,
				devtype: "wlan", extra: wifi},
		}, []string{"wlan0", "tb"}},
		{"modems, Bluetooth PAN and shared defaults never rank", []nic{
			withFiles(usbNIC("wwan0", "1-1.3", "00:a0:c6:00:00:01", 2, "fixed"), nil),
			{name: "bnep0", dev: "devices/pci0000:00/0000:00:14.0/usb1/1-1.4/1-1.4:1.0/bluetooth/hci0", bus: "bluetooth",
				addr: "00:1a:7d:da:71:13", typ: 1, ifindex: 3, devtype: "bluetooth"},
			pciNIC("eno1", "0000:00:1f.6", "88:88:88:88:87:88", 4, map[string]string{"index": "1\n"}),
			pciNIC("enp2s0", "0000:00:1c.0/0000:02:00.0", "00:a0:c9:00:00:00", 5, nil),
			pciNIC("enp3s0", "0000:00:1c.1/0000:03:00.0", "a8:a1:59:0e:22:f3", 6, nil),
		}, []string{"enp3s0"}},
	}
	tests[len(tests)-1].nics[0].devtype = "wwan"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ifs, err := List(layout(tc.nics))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, i := range Ranked(ifs, burntIn) {
				got = append(got, i.Name)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("Ranked = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPlacementClasses(t *testing.T) {
	ifs, err := List(layout(dellR740))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"eno1":   "on-board wired by firmware index 1",
		"eno4":   "on-board wired by firmware index 4",
		"ens1f0": "wired in slot 1",
	}
	for _, i := range ifs {
		w, ok := want[i.Name]
		if !ok {
			continue
		}
		c, err := i.AutoClass(burntIn)
		if err != nil || c.String() != w {
			t.Errorf("%s: %q, %v; want %q", i.Name, c, err, w)
		}
	}
	eno1, _ := Read(layout(dellR740), "eno1")
	if p := eno1.Placement; p.Label != "NIC1" || p.IndexAttr != "acpi_index" || p.PCI != "0000:19:00.0" {
		t.Errorf("eno1 placement %+v", p)
	}
}

func TestRefusals(t *testing.T) {
	tests := []struct {
		n    nic
		want error
	}{
		{nic{name: "wwan0", dev: "devices/platform/soc/usb/1-1/1-1:1.4", bus: "usb", addr: "00:a0:c6:00:00:01", typ: 1, ifindex: 2, devtype: "wwan"}, ErrModem},
		{nic{name: "bnep0", dev: "devices/platform/hci0", bus: "bluetooth", addr: "00:1a:7d:da:71:13", typ: 1, ifindex: 3, devtype: "bluetooth"}, ErrNotEthernet},
		{pciNIC("eno1", "0000:00:1f.6", "88:88:88:88:87:88", 4, nil), ErrSharedAddress},
		{pciNIC("eth1", "0000:00:1f.6", "0C:5B:8F:27:9A:64", 4, nil), ErrSharedAddress},
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
}

// TestSharedAddressList: every entry is a well-formed universal unicast
// address in canonical form with a provenance, and appears once.
func TestSharedAddressList(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range sharedAddresses {
		if burntIn(s.addr) != nil || len(s.addr) != 17 || strings.ToLower(s.addr) != s.addr || s.why == "" || seen[s.addr] {
			t.Errorf("bad entry %q (%q)", s.addr, s.why)
		}
		seen[s.addr] = true
		if !errors.Is(SharedAddress(strings.ToUpper(strings.ReplaceAll(s.addr, ":", "-"))), ErrSharedAddress) {
			t.Errorf("%s not found in another spelling", s.addr)
		}
	}
	if SharedAddress("00:04:9f:07:a1:10") != nil {
		t.Error("an ordinary address is refused")
	}
}
