//go:build identityonly

package main

import "github.com/hwident/hwident/identity"

// modemSourceReader is nil: the identity-only build reads no modems
// (hw/modem stays out of it), so modem:imei is "not supported by this build".
func modemSourceReader() func(m *machine, arg string) (string, error) { return nil }

// showLists lists every section (modem.go adds the modem section).
func (m *machine) showLists() []showList {
	out := make([]showList, len(showSections))
	for i, s := range showSections {
		out[i] = showList{s.title, s.list(m)}
	}
	return out
}

// agentEncoder: the identity-only build prints mender, json and id only.
func (m *machine) agentEncoder(format string) func(identity.Identity) []byte { return nil }
