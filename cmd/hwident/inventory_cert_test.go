//go:build !identityonly

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

func selfSigned(t *testing.T, cn string, priv, pub any) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: cn, Organization: []string{"Acme"}},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// @inventory-cert: subject and SHA-256 fingerprint of each certificate
// (RSA and ECDSA), in config order; a private key is refused and nothing of
// it is reported; the identity is untouched.
func TestInventoryCert(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaDER := selfSigned(t, "gw-0042", rsaKey, &rsaKey.PublicKey)
	ecDER := selfSigned(t, "vpn-0042", ecKey, &ecKey.PublicKey)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	root := boards.Write(t, map[string]string{
		"etc/ssl/dev.pem":  string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rsaDER})),
		"etc/ssl/vpn.der":  string(ecDER),
		"etc/ssl/key.pem":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})),
		"etc/board-serial": "BRD-7\n",
		"etc/hwident.conf": "serial=file:/etc/board-serial\n@inventory-cert /etc/ssl/dev.pem\n@inventory-cert /etc/ssl/vpn.der\n",
	})
	fp := func(der []byte) string { s := sha256.Sum256(der); return hex.EncodeToString(s[:]) }
	res := runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	want := "cert_subject=CN=gw-0042,O=Acme\ncert_sha256=" + fp(rsaDER) + "\ncert_subject=CN=vpn-0042,O=Acme\ncert_sha256=" + fp(ecDER) + "\n"
	if res.code != 0 || !strings.Contains(res.stdout, want) {
		t.Fatalf("exit %d, stdout:\n%s\nwant it to hold:\n%s\nstderr %s", res.code, res.stdout, want, res.stderr)
	}
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	if id.stdout != "serial=BRD-7\n" {
		t.Errorf("identity %q", id.stdout)
	}
	os.WriteFile(filepath.Join(root, "etc/hwident.conf"), []byte("serial=file:/etc/board-serial\n@inventory-cert /etc/ssl/key.pem\n"), 0o644)
	res = runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	if res.code != 0 || strings.Contains(res.stdout, "cert_") || !strings.Contains(res.stderr, "private key") {
		t.Errorf("key file: exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
	}
	for _, line := range strings.Split(res.stdout+res.stderr, "\n") {
		if strings.Contains(line, "PRIVATE") || strings.Contains(line, "MIG") {
			t.Errorf("key material in the output: %q", line)
		}
	}
}
