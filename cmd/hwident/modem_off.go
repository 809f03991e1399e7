//go:build identityonly

package main

import "github.com/hwident/hwident/identity"

// The identity-only build has no cellular modem support: hw/modem stays
// out of it.

// modemSourceReader is nil: modem:imei is "not supported by this build".
func modemSourceReader() func(m *machine, arg string) (string, error) { return nil }

// sections are show's sections: no modem section without modem support.
func (m *machine) sections() []showSection { return showSections }

// modemFacts: no modem support, no modem facts.
func (m *machine) modemFacts() (identity.Identity, error) { return nil, nil }
