//go:build identityonly

package main

import (
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

// agentEncoder: the identity-only build prints mender, json and id only.
func agentEncoder(format string) func(*machine.Machine, identity.Identity) ([]byte, error) {
	return nil
}
