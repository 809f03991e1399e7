//go:build identityonly

package main

// showInventoryCerts names the @inventory-cert certificates without reading
// them: the identity-only build has no inventory and no certificate reader.
func (m *machine) showInventoryCerts(paths []string) []candidate {
	var out []candidate
	for _, p := range paths {
		out = append(out, candidate{Source: "@inventory-cert " + p, Verdict: "not for identity; not read by the identity-only build (the inventory of the device build reports it)"})
	}
	return out
}
