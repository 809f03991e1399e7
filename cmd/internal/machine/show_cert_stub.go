//go:build identityonly

package machine

// showInventoryCerts names the @inventory-cert certificates without reading
// them: the identity-only build has no inventory and no certificate reader.
func (m *Machine) showInventoryCerts(paths []string) []Candidate {
	var out []Candidate
	for _, p := range paths {
		out = append(out, Candidate{Source: "@inventory-cert " + p, Verdict: "not for identity; not read by the identity-only build (the inventory of the device build reports it)"})
	}
	return out
}
