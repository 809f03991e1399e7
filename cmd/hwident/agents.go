//go:build !identityonly

package main

import (
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/hawkbit"
	"github.com/hwident/hwident/identity/memfault"
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

// memfaultDeviceInfo is memfault-device-info's output with the board's
// name, if it has one.
func memfaultDeviceInfo(m *machine.Machine, id identity.Identity) []byte {
	board := ""
	if facts, err := m.BoardFacts(); err == nil && len(facts) == 1 {
		board = facts[0].Value
	}
	return memfault.DeviceInfo(id, board)
}
