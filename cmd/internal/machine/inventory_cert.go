//go:build !identityonly

package machine

import (
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/hwident/hwident/hw/certfile"
	"github.com/hwident/hwident/identity"
)

// Inventory attributes of a certificate named by @inventory-cert; with
// several, each is a list in config order.
const (
	CertSubject = "cert_subject"
	CertSHA256  = "cert_sha256"
)

// CertFacts reports each certificate's subject and SHA-256 fingerprint (of
// its DER, as `openssl x509 -fingerprint -sha256` hashes it, in lowercase
// hex without colons). Never anything of a key: a file holding one is an
// error and nothing of it is reported.
func (m *Machine) CertFacts(paths []string) (identity.Identity, error) {
	var out identity.Identity
	for _, p := range paths {
		c, err := certfile.Read(m.FS, rel(p))
		if err != nil {
			return out, fmt.Errorf("certificate %s: %w", identity.Quote(m.hostPath(p)), err)
		}
		sum := identity.Sum256(c.DER)
		out = append(out, identity.Attr{Key: CertSubject, Value: c.Subject}, identity.Attr{Key: CertSHA256, Value: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

// hostPath is the path on this host of an absolute device path, for the
// message naming a certificate file.
func (m *Machine) hostPath(abs string) string {
	return filepath.Join(m.Root, filepath.FromSlash(rel(abs)))
}
