// Package memfault writes a device identity as memfaultd reads it from
// memfault-device-info (`hwident identity --format memfault`): KEY=VALUE
// lines, the identity hash as the device id. Like identity, it is pure: no
// I/O; the caller reads the board name.
package memfault

import (
	"strings"

	"github.com/hwident/hwident/identity"
)

// DeviceInfo is memfault-device-info's output: MEMFAULT_DEVICE_ID, 1-127
// of [A-Za-z0-9_-], is the identity hash (its 64 hex digits fit);
// MEMFAULT_HARDWARE_VERSION is HardwareVersion(board), left out when that
// is empty (memfaultd then uses its default, `uname -n`).
func DeviceInfo(id identity.Identity, board string) []byte {
	out := "MEMFAULT_DEVICE_ID=" + id.ID() + "\n"
	if hw := HardwareVersion(board); hw != "" {
		out += "MEMFAULT_HARDWARE_VERSION=" + hw + "\n"
	}
	return []byte(out)
}

// HardwareVersion is a board name as MEMFAULT_HARDWARE_VERSION allows it,
// 1-127 of [A-Za-z0-9_+.:-]: each run of other characters one '-', none
// at either end; "" when nothing is left.
func HardwareVersion(name string) string {
	var b strings.Builder
	dash := false
	for i := 0; i < len(name) && b.Len() < 127; i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_+.:-", c) >= 0 {
			b.WriteByte(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
