package station

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
	"github.com/hwident/hwident/identity"
)

// trickyIdentity has what could make the server hash differ: a repeated
// key, characters encoding/json escapes, a percent-encoded control byte,
// non-ASCII and keys out of order.
var trickyIdentity = identity.Identity{
	{Key: "sn", Value: "A<&>B%\x01é\u2028"},
	{Key: "url", Value: "https://example.com/d?x=1"},
	{Key: "mac", Value: "02:00:00:00:00:01"},
	{Key: "mac", Value: "02:00:00:00:00:02"},
}

// writeKeys writes an Ed25519 public key and its private key as PEM files.
func writeKeys(t *testing.T) (pub, priv string) {
	t.Helper()
	pk, sk, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(pk)
	privDER, _ := x509.MarshalPKCS8PrivateKey(sk)
	dir := t.TempDir()
	pub, priv = filepath.Join(dir, "key.pub"), filepath.Join(dir, "key.pem")
	os.WriteFile(pub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
	os.WriteFile(priv, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600)
	return pub, priv
}

func TestMenderPreauthDryRun(t *testing.T) {
	pub, _ := writeKeys(t)
	res := runHwident(t, string(trickyIdentity.Mender()), nil, "hwident", "mender", "preauth", "--pubkey", pub, "--dry-run")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var body struct {
		IdentityData json.RawMessage `json:"identity_data"`
		PubKey       string          `json:"pubkey"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &body); err != nil {
		t.Fatalf("body %q: %v", res.stdout, err)
	}
	if string(body.IdentityData) != string(trickyIdentity.JSON()) {
		t.Errorf("identity_data %s, want exactly %s", body.IdentityData, trickyIdentity.JSON())
	}
	want, _ := os.ReadFile(pub)
	if body.PubKey != string(want) {
		t.Errorf("pubkey %q, want %q", body.PubKey, want)
	}
}

func TestMenderPreauth(t *testing.T) {
	srv := mendertest.New()
	defer srv.Close()
	pub, priv := writeKeys(t)
	args := []string{"hwident", "mender", "preauth", "--server", srv.URL, "--token", mendertest.GoodToken, "--pubkey", pub}
	res := runHwident(t, string(trickyIdentity.Mender()), nil, args...)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "preauthorized device dev-0001 (identity hash "+trickyIdentity.ID()+")") {
		t.Fatalf("exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	// The server's identity hash is the one the device's client will
	// produce from `hwident identity` output: the device will match.
	stored, _, _ := srv.Device("dev-0001")
	if got := mendertest.IdentityHash(stored); got != trickyIdentity.ID() {
		t.Errorf("server hash %s, hwident identity --format id gives %s", got, trickyIdentity.ID())
	}

	errorCases := []struct {
		name  string
		env   map[string]string
		args  []string
		code  int
		wants string
	}{
		{"again", nil, args, 1, `already exists on the server (id "dev-0001"`},
		{"bad token", nil, []string{"hwident", "mender", "preauth", "--server", srv.URL, "--token", "expired", "--pubkey", pub}, 1, "rejected the token (401)"},
		{"read-only token from env", map[string]string{tokenEnv: mendertest.ReadOnlyToken}, []string{"hwident", "mender", "preauth", "--server", srv.URL, "--pubkey", pub}, 1, "not allowed to do this (403)"},
		{"private key", nil, []string{"hwident", "mender", "preauth", "--pubkey", priv, "--dry-run"}, 1, "openssl pkey"},
		{"no key", nil, []string{"hwident", "mender", "preauth", "--dry-run"}, 2, "--pubkey"},
		{"no server", nil, []string{"hwident", "mender", "preauth", "--token", "x", "--pubkey", pub}, 2, "--server"},
		{"no token", nil, []string{"hwident", "mender", "preauth", "--server", srv.URL, "--pubkey", pub}, 2, "--token"},
	}
	for _, tc := range errorCases {
		res := runHwident(t, string(trickyIdentity.Mender()), tc.env, tc.args...)
		if res.code != tc.code || res.stdout != "" || !strings.Contains(res.stderr, tc.wants) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.name, res.code, res.stdout, res.stderr, tc.code, tc.wants)
		}
	}
}

func TestMenderTag(t *testing.T) {
	srv := mendertest.New()
	defer srv.Close()
	pub, _ := writeKeys(t)
	dev := identity.Identity{{Key: "mac", Value: "b8:27:eb:00:00:01"}}
	// A device whose identity has one more attribute must not be taken.
	srv.AddDevice(map[string]any{"mac": "b8:27:eb:00:00:01", "sn": "X"})
	if res := runHwident(t, string(dev.Mender()), nil, "hwident", "mender", "preauth", "--server", srv.URL, "--token", mendertest.GoodToken, "--pubkey", pub); res.code != 0 {
		t.Fatalf("preauth: %s", res.stderr)
	}
	tag := func(stdin string, extra ...string) result {
		return runHwident(t, stdin, nil, append([]string{"hwident", "mender", "tag", "--server", srv.URL, "--token", mendertest.GoodToken}, extra...)...)
	}
	if res := tag(string(dev.Mender()), "--product-serial", "PRD-1"); res.code != 0 || res.stdout != "tagged device dev-0002 product_serial=PRD-1\n" {
		t.Fatalf("tag: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	// The identity may be the scanned label payload.
	if res := tag(labelPayload(t, dev), "--product-serial", "PRD-1"); res.code != 0 || res.stdout != "already tagged device dev-0002 product_serial=PRD-1\n" {
		t.Errorf("tag again: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	// Or the label's URL form, '=' and all.
	if res := tag("https://prov.example.com/bind?id="+labelPayload(t, dev)+"&src=label", "--product-serial", "PRD-1"); res.code != 0 || !strings.HasPrefix(res.stdout, "already tagged") {
		t.Errorf("tag by label URL: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	if res := tag(string(dev.Mender()), "--product-serial", "PRD-2"); res.code != 1 || !strings.Contains(res.stderr, `already "PRD-1"`) || !strings.Contains(res.stderr, "--replace") {
		t.Errorf("other serial: exit %d, %q", res.code, res.stderr)
	}
	if res := tag(string(dev.Mender()), "--product-serial", "PRD-2", "--replace"); res.code != 0 {
		t.Errorf("replace: exit %d, %q", res.code, res.stderr)
	}
	if v, _ := srv.Tag("dev-0002", "product_serial"); v != "PRD-2" {
		t.Errorf("tag on the server is %q", v)
	}
	if v, ok := srv.Tag("dev-0001", "product_serial"); ok {
		t.Errorf("the device with a larger identity was tagged %q", v)
	}
	unknown := identity.Identity{{Key: "mac", Value: "b8:27:eb:00:00:09"}}
	if res := tag(string(unknown.Mender()), "--product-serial", "PRD-3"); res.code != 1 || !strings.Contains(res.stderr, "no device with this identity") {
		t.Errorf("unknown device: exit %d, %q", res.code, res.stderr)
	}
	if res := tag(string(dev.Mender())); res.code != 2 {
		t.Errorf("no serial: exit %d", res.code)
	}
	if res := tag("HW10DAMAGED", "--product-serial", "PRD-3"); res.code != 1 || !strings.Contains(res.stderr, "payload") {
		t.Errorf("damaged payload: exit %d, %q", res.code, res.stderr)
	}
}

// FuzzIdentityData: every valid identity survives the server's decode and
// re-encode byte for byte, so preauthorisation always matches the device.
func FuzzIdentityData(f *testing.F) {
	f.Add("sn", "A<&>B%\x01é\u2028", "mac", "02:00:00:00:00:01")
	f.Add("a", "\xff\xfe", "a", "")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		id := identity.Identity{{Key: k1, Value: v1}, {Key: k2, Value: v2}}
		if id.Validate() != nil {
			return
		}
		if _, err := identityData(id); err != nil {
			t.Fatal(err)
		}
	})
}

// A repeated key is a list on the server; tag must find the device by it and
// take only the device whose list is the same, in the same order.
func TestMenderTagRepeatedKey(t *testing.T) {
	srv := mendertest.New()
	defer srv.Close()
	pub, _ := writeKeys(t)
	dev := identity.Identity{{Key: "mac", Value: "02:00:00:00:00:01"}, {Key: "mac", Value: "02:00:00:00:00:02"}}
	srv.AddDevice(map[string]any{"mac": []any{"02:00:00:00:00:02", "02:00:00:00:00:01"}}) // other order
	srv.AddDevice(map[string]any{"mac": "02:00:00:00:00:01"})                             // one NIC only
	srv.AddDevice(map[string]any{"mac": []any{"02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03"}})
	if res := runHwident(t, string(dev.Mender()), nil, "hwident", "mender", "preauth", "--server", srv.URL, "--token", mendertest.GoodToken, "--pubkey", pub); res.code != 0 {
		t.Fatalf("preauth: %s", res.stderr)
	}
	res := runHwident(t, string(dev.Mender()), nil, "hwident", "mender", "tag", "--server", srv.URL, "--token", mendertest.GoodToken, "--product-serial", "PRD-9")
	if res.code != 0 || res.stdout != "tagged device dev-0004 product_serial=PRD-9\n" {
		t.Fatalf("tag: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	for _, id := range []string{"dev-0001", "dev-0002", "dev-0003"} {
		if v, ok := srv.Tag(id, "product_serial"); ok {
			t.Errorf("%s, another identity, was tagged %q", id, v)
		}
	}
}

// TestMenderPreauthReservedKey: an identity with a key the server
// reserves is refused before anything is sent, with the reason (the
// server would accept the preauthorisation, and the device would then
// never reach the inventory).
func TestMenderPreauthReservedKey(t *testing.T) {
	pub, _ := writeKeys(t)
	for _, stdin := range []string{"mac=02:00:00:00:00:01\nstatus=accepted\n", "id=42\n"} {
		res := runHwident(t, stdin, nil, "hwident", "mender", "preauth", "--pubkey", pub, "--dry-run")
		if res.code == 0 || res.stdout != "" || !strings.Contains(res.stderr, "reserved by the Mender server") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", stdin, res.code, res.stdout, res.stderr)
		}
	}
}
