// Package board reads the identifiers a SoC board exposes besides its
// buses: the SoC's own unique ID (sys/devices/soc0), device-tree
// properties the boot loader fills in, and /proc/cpuinfo.
package board

import (
	"io/fs"
	"strconv"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
)

// FormatError reports a malformed property or file at a byte offset.
type FormatError struct {
	Off int
	Msg string
}

func (e *FormatError) Error() string { return "offset " + strconv.Itoa(e.Off) + ": " + e.Msg }

// readTrimmed reads a one-line sysfs or procfs file without its newline.
func readTrimmed(fsys fs.FS, name string) (string, error) {
	b, err := rootfs.ReadFile(fsys, name, rootfs.AttrLimit)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}
