//go:build !identityonly

package main

import (
	"strings"

	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/hawkbit"
)

// agentEncoder returns the encoder of an --format another agent reads, nil
// for an unknown one. Each gives that agent the identity hash as its
// device identifier: one fixed-length id for every agent, whatever the
// attributes (docs: README "Other agents").
func agentEncoder(format string) func(*machine.Machine, identity.Identity) ([]byte, error) {
	switch format {
	case "memfault":
		return func(m *machine.Machine, id identity.Identity) ([]byte, error) { return memfaultDeviceInfo(m, id), nil }
	case "hawkbit":
		return func(_ *machine.Machine, id identity.Identity) ([]byte, error) { return hawkbit.Config(id) }
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
