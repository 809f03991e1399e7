package board

import (
	"bytes"
	"fmt"
	"io/fs"

	"github.com/hwident/hwident/hw/rootfs"
)

// dtBase is the live device tree as the kernel exports it.
const dtBase = "sys/firmware/devicetree/base"

// ReadDTString reads a string property of the device-tree root node, e.g.
// "serial-number" (set by U-Boot or the Raspberry Pi firmware) or "model".
func ReadDTString(fsys fs.FS, prop string) (string, error) {
	b, err := rootfs.ReadFile(fsys, dtBase+"/"+prop, rootfs.AttrLimit)
	if err != nil {
		return "", fmt.Errorf("device tree /%s: %w", prop, err)
	}
	v, err := ParseDTString(b)
	if err != nil {
		return "", fmt.Errorf("device tree /%s: %w", prop, err)
	}
	return v, nil
}

// ParseDTString decodes a device-tree string property: the bytes up to the
// terminating NUL. A property holding several strings (a string list) is a
// FormatError at the first inner NUL: serial numbers and models are one
// string.
func ParseDTString(b []byte) (string, error) {
	b = bytes.TrimSuffix(b, []byte{0})
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", &FormatError{Off: i, Msg: "NUL inside the value: a string list, not one string"}
	}
	return string(b), nil
}
