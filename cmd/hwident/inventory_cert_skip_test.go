//go:build !identityonly

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// A certificate that cannot be read is skipped on its own: the ones after
// it in the config are still reported (show lists them one at a time too).
func TestInventoryCertSkipsOnlyTheBadOne(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der := selfSigned(t, "vpn-0042", key, &key.PublicKey)
	root := boards.Write(t, map[string]string{
		"etc/ssl/vpn.pem":  string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		"etc/board-serial": "BRD-7\n",
		"etc/hwident.conf": "serial=file:/etc/board-serial\n@inventory-cert /etc/ssl/missing.pem\n@inventory-cert /etc/ssl/vpn.pem\n",
	})
	sum := sha256.Sum256(der)
	res := runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	want := "cert_subject=CN=vpn-0042,O=Acme\ncert_sha256=" + hex.EncodeToString(sum[:]) + "\n"
	if res.code != 0 || !strings.Contains(res.stdout, want) || !strings.Contains(res.stderr, "missing.pem") {
		t.Fatalf("exit %d, stdout:\n%s\nwant it to hold:\n%s\nstderr %s (want the missing one named)", res.code, res.stdout, want, res.stderr)
	}
}
