//go:build identityonly || (device && !cellular)

package machine

import "github.com/hwident/hwident/identity"

// Builds without cellular modem support: identity-only, and device builds
// without the cellular tag. hw/modem stays out of them.

// modemSource is nil: modem:imei is "not supported by this build".
var modemSource func(m *Machine, arg string) (string, error)

// showModem: no modem section without modem support.
func (m *Machine) showModem() []Candidate { return nil }

// modemFacts: no modem support, no modem facts.
func (m *Machine) modemFacts() (identity.Identity, error) { return nil, nil }
