package board

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
)

// CPUInfo holds the board-level lines of /proc/cpuinfo. On a Raspberry Pi
// the firmware puts the SoC's OTP serial in Serial and the board revision
// code in Revision; other arm boards print a zero Serial or none.
type CPUInfo struct {
	Serial   string
	Hardware string
	Revision string
	Model    string
}

// field maps the /proc/cpuinfo keys CPUInfo keeps to its fields.
func (c *CPUInfo) field(key string) *string {
	switch key {
	case "Serial":
		return &c.Serial
	case "Hardware":
		return &c.Hardware
	case "Revision":
		return &c.Revision
	case "Model":
		return &c.Model
	}
	return nil
}

// maxCPUInfo bounds proc/cpuinfo: about 1.5 KB per CPU on x86, so room
// for well over a thousand CPUs.
const maxCPUInfo = 4 << 20

// ReadCPUInfo reads proc/cpuinfo.
func ReadCPUInfo(fsys fs.FS) (CPUInfo, error) {
	b, err := rootfs.ReadFile(fsys, "proc/cpuinfo", maxCPUInfo)
	if err != nil {
		return CPUInfo{}, fmt.Errorf("read /proc/cpuinfo: %w", err)
	}
	return ParseCPUInfo(string(b)), nil
}

// ParseCPUInfo picks the first Serial, Hardware, Revision and Model lines
// ("Key<tabs>: value"). Keys match exactly: x86's "model name" is not
// Model. Values are trimmed.
func ParseCPUInfo(text string) CPUInfo {
	var c CPUInfo
	for line := range strings.Lines(text) {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if f := c.field(strings.TrimRight(key, " \t")); f != nil && *f == "" {
			*f = strings.TrimSpace(val)
		}
	}
	return c
}
