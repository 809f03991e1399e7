//go:build !identityonly

package main

import (
	"strings"

	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

// agentEncoder returns the encoder of an --format another agent reads, nil
// for an unknown one. Each gives that agent the identity hash as its
// device identifier: one fixed-length id for every agent, whatever the
// attributes (docs: README "Other agents").
func agentEncoder(format string) func(*machine.Machine, identity.Identity) []byte {
	switch format {
	case "memfault":
		return memfaultDeviceInfo
	case "hawkbit":
		return func(_ *machine.Machine, id identity.Identity) []byte { return hawkbitConfig(id) }
	}
	return nil
}

// memfaultDeviceInfo is what memfaultd reads from memfault-device-info:
// KEY=VALUE lines. MEMFAULT_DEVICE_ID allows 1-127 of [A-Za-z0-9_-] (the
// 64 hex digits fit); MEMFAULT_HARDWARE_VERSION allows [A-Za-z0-9_+.:-] and
// is the board name with other characters as '-', left out when the board
// has no name (memfaultd then uses its default, `uname -n`).
func memfaultDeviceInfo(m *machine.Machine, id identity.Identity) []byte {
	out := "MEMFAULT_DEVICE_ID=" + id.ID() + "\n"
	if board, err := m.BoardFacts(); err == nil && len(board) == 1 {
		if hw := memfaultHardwareVersion(board[0].Value); hw != "" {
			out += "MEMFAULT_HARDWARE_VERSION=" + hw + "\n"
		}
	}
	return []byte(out)
}

func memfaultHardwareVersion(name string) string {
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

// hawkbitConfig is the part of rauc-hawkbit-updater's config.conf (a GLib
// key file) that identifies the target: target_name in [client] (the
// controller id hawkBit registers the device under) and the attributes in
// [device], which the updater sends as the target's config data. A
// repeated key is one key with its values joined by ", " (a key file key
// holds one value). Values are percent-encoded as in the identity, so no
// line break or control byte reaches the file; GLib's own escape '\' is
// doubled and a leading space kept as \s.
func hawkbitConfig(id identity.Identity) []byte {
	var b strings.Builder
	b.WriteString("[client]\ntarget_name = " + id.ID() + "\n\n[device]\n")
	for i, a := range id {
		if firstOfKey(id, i) {
			b.WriteString(a.Key + " = ")
			sep := ""
			for _, o := range id[i:] {
				if o.Key == a.Key {
					b.WriteString(sep + keyFileValue(identity.EncodeValue(o.Value)))
					sep = ", "
				}
			}
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

func firstOfKey(id identity.Identity, i int) bool {
	for _, a := range id[:i] {
		if a.Key == id[i].Key {
			return false
		}
	}
	return true
}

func keyFileValue(v string) string {
	v = strings.ReplaceAll(v, `\`, `\\`)
	if strings.HasPrefix(v, " ") {
		v = `\s` + v[1:]
	}
	return v
}
