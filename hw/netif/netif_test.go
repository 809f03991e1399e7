package netif

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// noPlace is the Placement of an interface without firmware facts.
var noPlace = Placement{Index: -1}

func TestReadFacts(t *testing.T) {
	fsys := layout(append(append([]nic{}, x86...),
		nic{name: "veth3f2a1b0", addr: "b6:1d:3a:9e:40:21", assign: 1, typ: 1, ifindex: 9, iflink: 8},
		nic{name: "tun0", typ: 65534, ifindex: 7, extra: map[string]string{"tun_flags": "0x1001\n"}},
		nic{name: "tap0", addr: "5a:00:11:22:33:44", assign: 1, typ: 1, ifindex: 10, extra: map[string]string{"tun_flags": "0x1002\n"}},
		nic{name: "bond0", addr: "a8:a1:59:0e:22:f3", assign: 2, typ: 1, ifindex: 11, extra: map[string]string{"bonding/": ""}},
		nic{name: "enp3s0.100", addr: "a8:a1:59:0e:22:f3", assign: 2, typ: 1, ifindex: 12, iflink: 3, devtype: "vlan"},
		nic{name: "usb0", dev: "devices/platform/ocp/47400000.usb/47401300.usb-phy/gadget.0", bus: "gadget",
			addr: "6e:2f:45:91:0b:d4", assign: 1, typ: 1, ifindex: 13, devtype: "gadget"},
	))
	tests := []struct {
		name string
		want Interface
	}{
		{"enp3s0", Interface{Name: "enp3s0", Address: "a8:a1:59:0e:22:f3", AddrAssign: AddrPermanent, Type: 1, Ifindex: 3, Iflink: 3, DevPort: -1,
			Placement: Placement{PCI: "0000:03:00.0", Index: -1},
			Bus:       "pci", Device: "devices/pci0000:00/0000:00:1c.2/0000:03:00.0"}},
		{"enx00e04c680123", Interface{Name: "enx00e04c680123", Address: "00:e0:4c:68:01:23", Type: 1, Ifindex: 2, Iflink: 2, DevPort: -1, Placement: noPlace,
			Bus: "usb", Device: "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0"}},
		{"wlp2s0", Interface{Name: "wlp2s0", Address: "f4:8c:50:3b:9d:02", Type: 1, Ifindex: 4, Iflink: 4, DevPort: -1,
			Placement: Placement{PCI: "0000:02:00.0", Index: -1}, DevType: "wlan",
			Bus: "pci", Device: "devices/pci0000:00/0000:00:1c.1/0000:02:00.0", Wireless: true}},
		{"lo", Interface{Name: "lo", Address: "00:00:00:00:00:00", Type: 772, Ifindex: 1, Iflink: 1, DevPort: -1, Placement: noPlace, Virtual: true}},
		{"docker0", Interface{Name: "docker0", Address: "02:42:7d:1e:88:0c", AddrAssign: AddrSet, Type: 1, Ifindex: 6, Iflink: 6, DevPort: -1, Placement: noPlace,
			Virtual: true, Kinds: Bridge | Docker, DevType: "bridge"}},
		{"veth3f2a1b0", Interface{Name: "veth3f2a1b0", Address: "b6:1d:3a:9e:40:21", AddrAssign: AddrRandom, Type: 1, Ifindex: 9, Iflink: 8, DevPort: -1, Placement: noPlace,
			Virtual: true, Kinds: Veth}},
		{"tun0", Interface{Name: "tun0", Type: 65534, Ifindex: 7, Iflink: 7, DevPort: -1, Placement: noPlace, Virtual: true, Kinds: Tun}},
		{"tap0", Interface{Name: "tap0", Address: "5a:00:11:22:33:44", AddrAssign: AddrRandom, Type: 1, Ifindex: 10, Iflink: 10, DevPort: -1, Placement: noPlace,
			Virtual: true, Kinds: Tap}},
		{"bond0", Interface{Name: "bond0", Address: "a8:a1:59:0e:22:f3", AddrAssign: AddrStolen, Type: 1, Ifindex: 11, Iflink: 11, DevPort: -1, Placement: noPlace,
			Virtual: true, Kinds: Bond}},
		{"enp3s0.100", Interface{Name: "enp3s0.100", Address: "a8:a1:59:0e:22:f3", AddrAssign: AddrStolen, Type: 1, Ifindex: 12, Iflink: 3, DevPort: -1, Placement: noPlace,
			Virtual: true, Kinds: VLAN, DevType: "vlan"}},
		{"usb0", Interface{Name: "usb0", Address: "6e:2f:45:91:0b:d4", AddrAssign: AddrRandom, Type: 1, Ifindex: 13, Iflink: 13, DevPort: -1, Placement: noPlace,
			Bus: "gadget", Device: "devices/platform/ocp/47400000.usb/47401300.usb-phy/gadget.0", Kinds: Gadget, DevType: "gadget"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(fsys, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Read(%s)\n got %+v\nwant %+v", tc.name, got, tc.want)
			}
		})
	}
	all, err := List(fsys)
	if err != nil || len(all) != len(tests) {
		t.Fatalf("List: %d interfaces, %v; want %d", len(all), err, len(tests))
	}
}

func TestReadErrors(t *testing.T) {
	fsys := layout(rpi3)
	fsys["sys/class/net/bonding_masters"] = &fstest.MapFile{Data: []byte("\n")}
	for _, name := range []string{"eth1", "", "..", "a/b", "bonding_masters"} {
		if _, err := Read(fsys, name); !errors.Is(err, ErrNoInterface) {
			t.Errorf("Read(%q) = %v, want ErrNoInterface", name, err)
		}
	}
	if l, err := List(fsys); err != nil || len(l) != 3 {
		t.Errorf("List skips non-directories: got %d interfaces, %v", len(l), err)
	}
	if _, err := List(fstest.MapFS{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("List without sys/class/net = %v, want ErrNotExist", err)
	}
	type plainFS struct{ fs.FS } // hides ReadLink
	if _, err := List(plainFS{fsys}); !errors.Is(err, ErrNoSymlinks) {
		t.Errorf("List on an fs without symlinks = %v, want ErrNoSymlinks", err)
	}
}

// TestDirFS reads a layout written to disk, so the os.DirFS symlink path
// (the one hwident uses on a device) is covered too.
func TestDirFS(t *testing.T) {
	fromDisk, err := List(os.DirFS(writeDisk(t, layout(rpi3))))
	if err != nil {
		t.Fatal(err)
	}
	fromMap, _ := List(layout(rpi3))
	if len(fromDisk) != len(fromMap) {
		t.Fatalf("DirFS: %d interfaces, MapFS: %d", len(fromDisk), len(fromMap))
	}
	for i := range fromDisk {
		if fromDisk[i] != fromMap[i] {
			t.Errorf("DirFS %+v\n MapFS %+v", fromDisk[i], fromMap[i])
		}
	}
}

// writeDisk writes a MapFS, symlinks included, under a temp dir.
func writeDisk(tb testing.TB, m fstest.MapFS) string {
	root := tb.TempDir()
	for name, f := range m {
		p := filepath.Join(root, name)
		err := os.MkdirAll(filepath.Dir(p), 0o755)
		switch {
		case err != nil:
		case f.Mode&os.ModeSymlink != 0:
			err = os.Symlink(string(f.Data), p)
		case f.Mode.IsDir():
			err = os.MkdirAll(p, 0o755)
		default:
			err = os.WriteFile(p, f.Data, 0o644)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	return root
}

// The two rules on the x86 board on disk: what hwident adds to a run.
func BenchmarkMender(b *testing.B) {
	fsys := os.DirFS(writeDisk(b, layout(x86)))
	for b.Loop() {
		if _, _, err := Mender(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuto(b *testing.B) {
	fsys := os.DirFS(writeDisk(b, layout(x86)))
	for b.Loop() {
		ifs, err := List(fsys)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Auto(ifs, burntIn); err != nil {
			b.Fatal(err)
		}
	}
}
