//go:build !identityonly

package machine

import (
	"encoding/hex"
	"fmt"

	"github.com/hwident/hwident/hw/certfile"
	"github.com/hwident/hwident/identity"
)

// CertFacts reports each certificate's subject and SHA-256 fingerprint (of
// its DER, as `openssl x509 -fingerprint -sha256` hashes it, in lowercase
// hex without colons), as cert_subject and cert_sha256; with several, each is
// a list in config order. Never anything of a key: a file holding one is an
// error and nothing of it is reported.
func (m *Machine) CertFacts(paths []string) (identity.Identity, error) {
	var out identity.Identity
	for _, p := range paths {
		c, err := certfile.Read(m.FS, rel(p))
		if err != nil {
			return out, fmt.Errorf("certificate %s: %w", identity.Quote(m.hostPath(p)), err)
		}
		sum := identity.Sum256(c.DER)
		out = append(out, identity.Attr{Key: "cert_subject", Value: c.Subject}, identity.Attr{Key: "cert_sha256", Value: hex.EncodeToString(sum[:])})
	}
	return out, nil
}
