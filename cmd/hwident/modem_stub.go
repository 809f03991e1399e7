//go:build identityonly || (device && !cellular)

package main

import "github.com/hwident/hwident/identity"

// Builds without cellular modem support: identity-only, and device builds
// without the cellular tag. hw/modem stays out of them.

// modemSourceReader is nil: modem:imei is "not supported by this build".
func modemSourceReader() func(m *machine, arg string) (string, error) { return nil }

// sections are show's sections: no modem section without modem support.
func (m *machine) sections() []showSection { return showSections }

// modemFacts: no modem support, no modem facts.
func (m *machine) modemFacts() (identity.Identity, error) { return nil, nil }
