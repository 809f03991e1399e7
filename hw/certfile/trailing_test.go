package certfile

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hwident/hwident/hw/rootfs"
)

// DER holds the certificate alone, whatever follows it in the file: the
// fingerprint is of the certificate (openssl x509 -inform DER reads one and
// stops), and a DER key after it, which the PEM check cannot see, never
// reaches the fingerprint the inventory reports.
func TestDERIsTheCertificateOnly(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	c := makeCert(t, pkix.Name{CommonName: "d"}, key, &key.PublicKey)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	// A PEM body that decodes to more than the certificate, too.
	pemPlus := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: append(append([]byte(nil), c.Raw...), 0, 0)})
	for name, in := range map[string][]byte{
		"DER and a newline":  append(append([]byte(nil), c.Raw...), '\n'),
		"DER and a DER key":  append(append([]byte(nil), c.Raw...), keyDER...),
		"PEM with more data": pemPlus,
	} {
		got, err := Parse(in)
		if err != nil || !bytes.Equal(got.DER, c.Raw) {
			t.Errorf("%s: DER of %d bytes (%v), want the certificate's %d", name, len(got.DER), err, len(c.Raw))
		}
	}
}

// A FIFO, a device or a directory where the certificate should be is
// refused before it is read, as every reader of the machine refuses it
// (rootfs.ErrNotRegular, naming what it is).
func TestReadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.pem"), 0o644); err != nil {
		t.Skip(err)
	}
	os.Mkdir(filepath.Join(dir, "dir.pem"), 0o755)
	for name, kind := range map[string]string{"fifo.pem": "a FIFO", "dir.pem": "a directory"} {
		_, err := Read(rootfs.New(dir), name)
		if !errors.Is(err, rootfs.ErrNotRegular) || !strings.Contains(err.Error(), kind) {
			t.Errorf("%s: %v, want %s, %v", name, err, kind, rootfs.ErrNotRegular)
		}
	}
}
