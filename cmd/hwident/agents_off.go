//go:build identityonly

package main

import "github.com/hwident/hwident/identity"

// agentEncoder: the identity-only build prints mender, json and id only.
func (m *machine) agentEncoder(format string) func(identity.Identity) []byte { return nil }
