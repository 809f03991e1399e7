//go:build !identityonly

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/scripts/testkit/boards"
	"github.com/hwident/hwident/scripts/testkit/golden"
)

// show lists each @inventory-cert certificate (real RSA and ECDSA PEM files
// made with openssl, and one missing) with what the inventory reports of it
// and why it is not for identity.
func TestShowInventoryCerts(t *testing.T) {
	root := filepath.Join("testdata", "inventory-cert")
	res := runHwident(t, "", nil, "hwident", "show", "--root", root)
	if res.code != 0 {
		t.Fatalf("exit %d, stderr %s", res.code, res.stderr)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "inventory-cert.show"), []byte(res.stdout))

	// The fingerprints are the inventory's, byte for byte.
	inv := runHwident(t, "", nil, "hwident", "inventory", "--root", root)
	for _, line := range strings.Split(inv.stdout, "\n") {
		want := line // show has the fingerprint as a fact, the subject as the value
		if subject, ok := strings.CutPrefix(line, machine.CertSubject+"="); ok {
			want = " " + subject + "\n"
		}
		if strings.HasPrefix(line, "cert_") && !strings.Contains(res.stdout, want) {
			t.Errorf("inventory reports %q, show does not", line)
		}
	}

	res = runHwident(t, "", nil, "hwident", "show", "--json", "--root", root)
	var v map[string][]struct {
		Source, Value string
		Usable        bool
		Facts         map[string]string
	}
	if err := json.Unmarshal([]byte(res.stdout), &v); err != nil {
		t.Fatalf("show --json: %v\n%s", err, res.stdout)
	}
	var certs int
	for _, c := range v["identity"] {
		if strings.HasPrefix(c.Source, "@inventory-cert ") {
			certs++
			if c.Usable {
				t.Errorf("%s is usable", c.Source)
			}
		}
	}
	if certs != 3 {
		t.Errorf("show --json lists %d certificates, want 3:\n%s", certs, res.stdout)
	}
}

// A private key named by @inventory-cert is refused by show as by the
// inventory, and nothing of it is shown.
func TestShowInventoryCertKeyFile(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	root := boards.Write(t, map[string]string{
		"etc/ssl/key.pem":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"etc/board-serial": "BRD-7\n",
		"etc/hwident.conf": "serial=file:/etc/board-serial\n@inventory-cert /etc/ssl/key.pem\n",
	})
	for _, args := range [][]string{{"show"}, {"show", "--json"}} {
		res := runHwident(t, "", nil, append(append([]string{"hwident"}, args...), "--root", root)...)
		if res.code != 0 || !strings.Contains(res.stdout, "@inventory-cert /etc/ssl/key.pem") || !strings.Contains(res.stdout, "private key") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, res.code, res.stdout)
		}
		if strings.Contains(res.stdout, "PRIVATE") || strings.Contains(res.stdout, "MIG") || strings.Contains(res.stdout, machine.CertSHA256) {
			t.Errorf("%v: key material in the output:\n%s", args, res.stdout)
		}
	}
}
