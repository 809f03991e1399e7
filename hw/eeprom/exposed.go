package eeprom

import (
	"io/fs"
	"path"
	"strings"
)

// Exposed is an EEPROM the kernel exposes as a file.
type Exposed struct {
	Path   string // under the machine root, e.g. "sys/bus/i2c/devices/0-0050/eeprom"
	Device string // the I²C device ("0-0050") or the nvmem device name
	Chip   string // the driver's name for the part ("24c02"), when known
}

// ListExposed finds the at24 files (sys/bus/i2c/devices/*/eeprom) and
// the nvmem devices of type EEPROM that are not one of those I²C devices
// again (sys/bus/nvmem/devices/*/nvmem), sorted by path.
func ListExposed(root fs.FS) ([]Exposed, error) {
	var out []Exposed
	i2cDevs := map[string]bool{}
	for _, p := range At24Files(root) {
		dev := path.Base(path.Dir(p))
		i2cDevs[dev] = true
		out = append(out, Exposed{Path: p, Device: dev, Chip: readLine(root, path.Join(path.Dir(p), "name"))})
	}
	for _, p := range filesIn(root, "sys/bus/nvmem/devices", "nvmem") {
		dir := path.Dir(p)
		if t := readLine(root, path.Join(dir, "type")); t != "" && t != "EEPROM" {
			continue // SoC fuses, battery-backed RAM, ...
		}
		// The nvmem device of an at24 chip sits below its I²C device:
		// .../i2c-0/0-0050/0-00500.
		if target, err := fs.ReadLink(root, dir); err == nil && i2cDevs[path.Base(path.Dir(target))] {
			continue
		}
		out = append(out, Exposed{Path: p, Device: path.Base(dir)})
	}
	// By insertion: a few files, and no sort package in device builds (docs/size.md).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Path < out[j-1].Path; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// At24Files lists the EEPROM files of the at24 driver
// (sys/bus/i2c/devices/*/eeprom), sorted. Reading them needs no bus access
// of our own and never touches other nvmem devices (fuses may hold keys).
func At24Files(root fs.FS) []string { return filesIn(root, "sys/bus/i2c/devices", "eeprom") }

func readLine(root fs.FS, name string) string {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// filesIn lists dir/*/name, sorted: fs.Glob's result for that pattern
// without its pattern matcher (docs/size.md).
func filesIn(root fs.FS, dir, name string) []string {
	ents, _ := fs.ReadDir(root, dir)
	var out []string
	for _, e := range ents {
		p := dir + "/" + e.Name() + "/" + name
		if _, err := fs.Stat(root, p); err == nil {
			out = append(out, p)
		}
	}
	return out
}
