package certfile

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
)

// makeCert returns a self-signed certificate for subject, signed with key.
func makeCert(t testing.TB, subject pkix.Name, key any, pub any) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(4242),
		Subject:      subject,
		NotBefore:    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// referenceSubject is crypto/x509's reading of the raw subject, in the
// certificate's order.
func referenceSubject(t testing.TB, c *x509.Certificate) string {
	var rdn pkix.RDNSequence
	if _, err := asn1.Unmarshal(c.RawSubject, &rdn); err != nil {
		t.Fatal(err)
	}
	return rdn.String()
}

func TestParseAgainstCryptoX509(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subjects := []pkix.Name{
		{CommonName: "device-0042"},
		{CommonName: "gw 7, \"east\" <lab>", Organization: []string{"Acme+Co; Ltd"}, OrganizationalUnit: []string{"#fleet", "ops "}, Country: []string{"DE"},
			Province: []string{"Bayern"}, Locality: []string{"München"}, SerialNumber: "SN-1", StreetAddress: []string{"Hauptstr. 1"}, PostalCode: []string{"80331"}},
		{ExtraNames: []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "first"}, {Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "second"}}},
	}
	for _, keys := range []struct {
		name      string
		priv, pub any
	}{{"rsa", rsaKey, &rsaKey.PublicKey}, {"ecdsa", ecKey, &ecKey.PublicKey}} {
		for _, s := range subjects {
			c := makeCert(t, s, keys.priv, keys.pub)
			want := referenceSubject(t, c)
			p := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
			// PEM, a chain (the first certificate counts), CRLF line ends, DER.
			other := makeCert(t, pkix.Name{CommonName: "issuing CA"}, keys.priv, keys.pub)
			chain := append(append([]byte("subject=/CN=x\n"), p...), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: other.Raw})...)
			for _, in := range [][]byte{p, chain, bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n")), c.Raw} {
				got, err := Parse(in)
				if err != nil {
					t.Fatalf("%s %q: %v", keys.name, want, err)
				}
				if got.Subject != want || !bytes.Equal(got.DER, c.Raw) {
					t.Errorf("%s: subject %q, want %q (DER equal: %v)", keys.name, got.Subject, want, bytes.Equal(got.DER, c.Raw))
				}
			}
		}
	}
}

func TestParseRefuses(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	c := makeCert(t, pkix.Name{CommonName: "d"}, ecKey, &ecKey.PublicKey)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	ecPEM, _ := x509.MarshalECPrivateKey(ecKey)
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"private key", keyPEM, ErrPrivateKey},
		{"cert and key in one file", append(certPEM, keyPEM...), ErrPrivateKey},
		{"EC private key", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecPEM}), ErrPrivateKey},
		{"text", []byte("hello\n"), ErrNoCert},
		{"empty", nil, ErrNoCert},
		{"no END line", certPEM[:len(certPEM)-30], ErrMalformed},
		{"truncated DER", c.Raw[:len(c.Raw)/2], ErrMalformed},
		{"bad base64", []byte("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"), ErrMalformed},
	}
	for _, tc := range tests {
		if _, err := Parse(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestRead(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	c := makeCert(t, pkix.Name{CommonName: "d1"}, ecKey, &ecKey.PublicKey)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "dev.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), 0o644)
	os.WriteFile(filepath.Join(dir, "big.pem"), bytes.Repeat([]byte("x"), maxFile+1), 0o644)
	os.Mkdir(filepath.Join(dir, "dir"), 0o755)
	fsys := os.DirFS(dir)
	if got, err := Read(fsys, "dev.pem"); err != nil || got.Subject != "CN=d1" {
		t.Errorf("Read: %+v, %v", got, err)
	}
	if _, err := Read(fsys, "big.pem"); !errors.Is(err, ErrTooBig) {
		t.Errorf("big: %v", err)
	}
	if _, err := Read(fsys, "dir"); err == nil {
		t.Error("a directory was read as a certificate")
	}
	if _, err := Read(fsys, "missing.pem"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := Read(fstest.MapFS{}, "x"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing in MapFS: %v", err)
	}
}

func TestUnknownAttributeAsHex(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	c := makeCert(t, pkix.Name{CommonName: "d", ExtraNames: []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, Value: "ops@example.com"}}}, ecKey, &ecKey.PublicKey)
	got, err := Parse(c.Raw)
	if err != nil {
		t.Fatal(err)
	}
	// The DER of the value as the certificate holds it (crypto/x509 would
	// re-encode it first).
	if want := "1.2.840.113549.1.9.1=#0c0f6f7073406578616d706c652e636f6d,CN=d"; got.Subject != want {
		t.Errorf("subject %q, want %q", got.Subject, want)
	}
}

// Untrusted bytes never panic and never pass as a private key's contents;
// what passes is one certificate, which Parse reads back the same.
func FuzzParse(f *testing.F) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	c := makeCert(f, pkix.Name{CommonName: "fuzz", Organization: []string{"O"}}, ecKey, &ecKey.PublicKey)
	f.Add(c.Raw)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Parse(b)
		if err != nil {
			return
		}
		if bytes.Contains(b, []byte("PRIVATE KEY-----")) {
			t.Fatalf("parsed a file with a private key: %q", got.Subject)
		}
		// DER is one certificate element, nothing after it, and reads back
		// as the same certificate.
		if e, err := next(got.DER); err != nil || len(e.rest) != 0 {
			t.Fatalf("DER is not one element (%v): %x", err, got.DER)
		}
		if again, err := Parse(got.DER); err != nil || again.Subject != got.Subject || !bytes.Equal(again.DER, got.DER) {
			t.Fatalf("DER parses as %q, %v; want %q", again.Subject, err, got.Subject)
		}
	})
}

func TestDecodeBase64AgainstEncodingBase64(t *testing.T) {
	for n := 0; n < 40; n++ {
		raw := bytes.Repeat([]byte{0xfb, 0x01, 0x7f}, 14)[:n]
		enc := base64.StdEncoding.EncodeToString(raw)
		got, ok := decodeBase64([]byte(" " + enc[:len(enc)/2] + "\r\n" + enc[len(enc)/2:] + "\n"))
		if !ok || !bytes.Equal(got, raw) {
			t.Errorf("decode %q = %x, %v; want %x", enc, got, ok, raw)
		}
	}
	for _, bad := range []string{"A", "AB=C", "AB", "ABC", "AB==A", "A===", "ab!d"} {
		if _, ok := decodeBase64([]byte(bad)); ok {
			if _, err := base64.StdEncoding.DecodeString(bad); err == nil {
				continue
			}
			t.Errorf("decoded %q, which encoding/base64 rejects", bad)
		}
	}
}
