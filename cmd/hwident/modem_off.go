//go:build identityonly

package main

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
