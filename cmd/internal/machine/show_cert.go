//go:build !identityonly

package machine

// certVerdict is why show lists an @inventory-cert certificate as no
// identity: what the inventory reports of it changes when it is renewed.
const certVerdict = "not for identity: certificates are renewed and reissued, and the fingerprint changes with them; the inventory reports it (" +
	CertSubject + ", " + CertSHA256 + "); no key is read or shown"

// showInventoryCerts lists each @inventory-cert certificate with what the
// inventory reports of it, or why it cannot be read, one at a time so that
// one bad file does not hide the others.
func (m *Machine) showInventoryCerts(paths []string) []Candidate {
	var out []Candidate
	for _, p := range paths {
		c := Candidate{Source: "@inventory-cert " + p}
		facts, err := m.CertFacts([]string{p})
		switch {
		case err != nil:
			c.Verdict = err.Error()
		case len(facts) == 2:
			c.Value, c.Verdict, c.Facts = facts[0].Value, certVerdict, facts[1:]
		}
		out = append(out, c)
	}
	return out
}
