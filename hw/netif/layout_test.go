package netif

import (
	"io/fs"
	"path"
	"strconv"
	"strings"
	"testing/fstest"
)

// nic describes one interface; layout writes it into a MapFS the way the
// kernel lays it out: the class entry and the device link are relative
// symlinks, the device's subsystem links to sys/bus/BUS.
type nic struct {
	name    string
	dev     string // device directory under sys/, "" for a virtual interface
	bus     string
	addr    string
	assign  int
	typ     int
	ifindex int
	iflink  int // 0: same as ifindex
	devtype string
	extra   map[string]string // more files in the interface directory ("x/": a directory)
	files   map[string]string // more files anywhere, relative to sys/ (a device's index, a slot's address)
}

// layout builds the machine root holding the interfaces.
func layout(nics []nic) fstest.MapFS {
	m := fstest.MapFS{"sys/class/net": {Mode: fs.ModeDir | 0o755}}
	link := func(p, target string) { m[p] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777} }
	file := func(p, data string) { m[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o444} }
	for _, n := range nics {
		real := "devices/virtual/net/" + n.name
		if n.dev != "" {
			real = n.dev + "/net/" + n.name
		}
		link("sys/class/net/"+n.name, "../../"+real)
		dir := "sys/" + real
		if n.dev != "" {
			link(dir+"/device", "../../../"+path.Base(n.dev))
			ups := strings.Repeat("../", strings.Count(n.dev, "/")+1)
			link("sys/"+n.dev+"/subsystem", ups+"bus/"+n.bus)
		}
		iflink := n.iflink
		if iflink == 0 {
			iflink = n.ifindex
		}
		file(dir+"/address", n.addr+"\n")
		file(dir+"/addr_assign_type", strconv.Itoa(n.assign)+"\n")
		file(dir+"/type", strconv.Itoa(n.typ)+"\n")
		file(dir+"/ifindex", strconv.Itoa(n.ifindex)+"\n")
		file(dir+"/iflink", strconv.Itoa(iflink)+"\n")
		uevent := "INTERFACE=" + n.name + "\nIFINDEX=" + strconv.Itoa(n.ifindex) + "\n"
		if n.devtype != "" {
			uevent = "DEVTYPE=" + n.devtype + "\n" + uevent
		}
		file(dir+"/uevent", uevent)
		for k, v := range n.files {
			if target, ok := strings.CutPrefix(v, "->"); ok {
				link("sys/"+k, target)
				continue
			}
			file("sys/"+k, v)
		}
		for k, v := range n.extra {
			if name, ok := strings.CutSuffix(k, "/"); ok {
				m[dir+"/"+name] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
				continue
			}
			if target, ok := strings.CutPrefix(v, "->"); ok {
				link(dir+"/"+k, target)
				continue
			}
			file(dir+"/"+k, v)
		}
	}
	return m
}

// wifi marks an interface as wireless the way cfg80211 does.
var wifi = map[string]string{"phy80211": "->../../ieee80211/phy0"}

// Boards used by several tests.
var (
	rpi3 = []nic{
		{name: "lo", addr: "00:00:00:00:00:00", typ: 772, ifindex: 1},
		{name: "eth0", dev: "devices/platform/soc/3f980000.usb/usb1/1-1/1-1.1/1-1.1:1.0", bus: "usb",
			addr: "b8:27:eb:5c:3a:10", typ: 1, ifindex: 3},
		{name: "wlan0", dev: "devices/platform/soc/3f300000.mmcnr/mmc_host/mmc1/mmc1:0001/mmc1:0001:1", bus: "sdio",
			addr: "b8:27:eb:a9:41:7e", typ: 1, ifindex: 2, devtype: "wlan", extra: wifi},
	}
	imx8 = []nic{
		{name: "lo", addr: "00:00:00:00:00:00", typ: 772, ifindex: 1},
		{name: "end0", dev: "devices/platform/soc@0/30800000.bus/30be0000.ethernet", bus: "platform",
			addr: "00:04:9f:07:a1:10", typ: 1, ifindex: 3},
		{name: "end1", dev: "devices/platform/soc@0/30800000.bus/30bf0000.ethernet", bus: "platform",
			addr: "00:04:9f:07:a1:11", typ: 1, ifindex: 2},
	}
	x86 = []nic{
		{name: "lo", addr: "00:00:00:00:00:00", typ: 772, ifindex: 1},
		{name: "enx00e04c680123", dev: "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0", bus: "usb",
			addr: "00:e0:4c:68:01:23", typ: 1, ifindex: 2},
		{name: "enp3s0", dev: "devices/pci0000:00/0000:00:1c.2/0000:03:00.0", bus: "pci",
			addr: "a8:a1:59:0e:22:f3", typ: 1, ifindex: 3},
		{name: "wlp2s0", dev: "devices/pci0000:00/0000:00:1c.1/0000:02:00.0", bus: "pci",
			addr: "f4:8c:50:3b:9d:02", typ: 1, ifindex: 4, devtype: "wlan", extra: wifi},
		{name: "docker0", addr: "02:42:7d:1e:88:0c", assign: 3, typ: 1, ifindex: 6, devtype: "bridge",
			extra: map[string]string{"bridge/": ""}},
	}
)
