//go:build identityonly || (device && !cellular)

package main

import "github.com/hwident/hwident/identity"

// Builds without cellular modem support: identity-only, and device builds
// without the cellular tag. hw/modem stays out of them.

// modemSourceReader is nil: modem:imei is "not supported by this build".
func modemSourceReader() func(m *machine, arg string) (string, error) { return nil }

// showLists lists every section (modem.go adds the modem section).
func (m *machine) showLists() []showList {
	out := make([]showList, len(showSections))
	for i, s := range showSections {
		out[i] = showList{s.title, s.list(m)}
	}
	return out
}

// modemFacts: no modem support, no modem facts.
func (m *machine) modemFacts() (identity.Identity, error) { return nil, nil }
