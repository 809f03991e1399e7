package netif

import (
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// MaxFirmwareIndex is the largest on-board index taken as real. Some
// firmware reports rubbish (VMware: 2^24-1); systemd's net_id builtin
// ignores indexes above 2^14-1 in its default naming schemes, and so does
// hwident.
const MaxFirmwareIndex = 1<<14 - 1

// Placement is what the firmware and the kernel say about where the
// interface's hardware sits: on the board, in a slot, behind a port a user
// can unplug. Numbers that are absent are -1 (Index) or 0 (Slot).
type Placement struct {
	PCI          string // the interface's PCI function ("0000:03:00.0"), virtio skipped; "" if not on PCI
	Index        int    // on-board index from acpi_index, else index (SMBIOS type 41); -1 if none
	IndexAttr    string // "acpi_index" or "index": where Index came from
	BadIndex     string // an index file that was present but ignored (not a number, or above MaxFirmwareIndex)
	Label        string // the firmware's label of the PCI function (SMBIOS type 41 or ACPI _DSM)
	Slot         int    // hot-plug slot (sys/bus/pci/slots/S/address) holding the function or a bridge above it
	SlotAddr     string // that slot's address
	Removable    string // "removable", "fixed", "unknown", or "" when no ancestor has the file
	RemovableDev string // the device (sysfs name) whose removable file decided Removable
}

// subsystemOf is the base name of the subsystem link of the device at dev
// (relative to sys/), "" without one.
func subsystemOf(fsys fs.FS, dev string) string {
	s, err := fs.ReadLink(fsys, "sys/"+dev+"/subsystem")
	if err != nil {
		return ""
	}
	return path.Base(s)
}

// smallAttr reads a short attribute file, white space around it removed.
func smallAttr(fsys fs.FS, file string) (string, bool) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil || len(b) > 256 {
		return "", false
	}
	return strings.TrimSpace(string(b)), true
}

// readPlacement reads the firmware facts of the device at dev (relative to
// sys/, e.g. "devices/pci0000:00/0000:00:1c.2/0000:03:00.0").
func readPlacement(fsys fs.FS, dev string) Placement {
	p := Placement{Index: -1}
	if dev == "" {
		return p
	}
	// Like udev's net_id: the index belongs to the interface's own PCI
	// function, a virtio device in between skipped. A USB NIC never takes
	// the index of the USB controller it hangs off.
	pci := dev
	if subsystemOf(fsys, pci) == "virtio" {
		pci = path.Dir(pci)
	}
	if subsystemOf(fsys, pci) == "pci" {
		p.PCI = path.Base(pci)
		for _, a := range [...]string{"acpi_index", "index"} {
			v, ok := smallAttr(fsys, "sys/"+pci+"/"+a)
			if !ok {
				continue
			}
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				p.BadIndex = a + "=" + v
				continue // not a number: net_id falls back to index too
			}
			if n > MaxFirmwareIndex {
				p.BadIndex = a + "=" + v
			} else {
				p.Index, p.IndexAttr, p.BadIndex = int(n), a, ""
			}
			break // a numeric acpi_index decides, as in net_id
		}
		p.Label, _ = smallAttr(fsys, "sys/"+pci+"/label")
		p.Slot, p.SlotAddr = hotplugSlot(fsys, pci)
	}

	// Any device between the interface and the root that says
	// "removable" makes it removable (a dock's hard-wired NIC is behind
	// the dock's removable port); otherwise the nearest answer counts.
	for d := dev; strings.HasPrefix(d, "devices/"); d = path.Dir(d) {
		v, _ := smallAttr(fsys, "sys/"+d+"/removable")
		if v == "removable" || (v == "fixed" || v == "unknown") && p.Removable == "" {
			p.Removable, p.RemovableDev = v, path.Base(d)
		}
		if v == "removable" {
			break
		}
	}
	return p
}

// hotplugSlot finds the slot under sys/bus/pci/slots whose address (domain:
// bus:device, no function) starts the name of the PCI function or of a PCI
// bridge above it. Slot directories are positive decimal numbers, as net_id
// requires.
func hotplugSlot(fsys fs.FS, pci string) (int, string) {
	entries, err := fs.ReadDir(fsys, "sys/bus/pci/slots")
	if err != nil {
		return 0, ""
	}
	for d := pci; subsystemOf(fsys, d) == "pci"; d = path.Dir(d) {
		for _, e := range entries {
			n, err := strconv.ParseUint(e.Name(), 10, 32)
			if err != nil || n == 0 {
				continue
			}
			a, ok := smallAttr(fsys, "sys/bus/pci/slots/"+e.Name()+"/address")
			if ok && a != "" && strings.HasPrefix(path.Base(d), a+".") {
				return int(n), a
			}
		}
	}
	return 0, ""
}
