// Package certfile reads the subject of an X.509 certificate file (PEM or
// DER) for the inventory: fleets that also use X.509 for other services
// see which certificate a device holds. It never returns key material, and
// refuses a file holding a private key.
//
// It walks the DER by hand instead of using crypto/x509, which links
// crypto and big-number code the device build has no room for; the subject
// is all the inventory shows (the fingerprint is computed over Cert.DER).
// The tests check it against crypto/x509.
package certfile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"

	"github.com/hwident/hwident/hw/rootfs"
)

// Cert is the first certificate of a file.
type Cert struct {
	Subject string // RFC 4514 form in the certificate's order, as pkix.RDNSequence.String() gives it
	DER     []byte // the certificate, for its fingerprint
}

// Error is the type of the sentinel errors: constants, so the device build
// runs no initialisation code for them.
type Error string

func (e Error) Error() string { return string(e) }

// Sentinel errors; test with errors.Is.
const (
	ErrPrivateKey = Error("file holds a private key: give the certificate, never a key")
	ErrNoCert     = Error("no certificate in the file")
	ErrMalformed  = Error("malformed certificate")
	ErrTooBig     = Error("file too big for a certificate")
)

// maxFile bounds a certificate file: a chain of a few certificates.
const maxFile = 64 << 10

// Read reads name (a path under fsys) as a certificate file.
func Read(fsys fs.FS, name string) (Cert, error) {
	f, err := rootfs.OpenRegular(fsys, name)
	if err != nil {
		return Cert{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return Cert{}, err
	}
	if len(b) > maxFile {
		return Cert{}, fmt.Errorf("%s: %w (over %d bytes)", name, ErrTooBig, maxFile)
	}
	return Parse(b)
}

// Parse takes a PEM file (its first CERTIFICATE block) or a DER
// certificate.
func Parse(b []byte) (Cert, error) {
	if bytes.Contains(b, []byte("PRIVATE KEY-----")) {
		return Cert{}, ErrPrivateKey
	}
	der := b
	if i := bytes.Index(b, []byte("-----BEGIN CERTIFICATE-----")); i >= 0 {
		body := b[i+len("-----BEGIN CERTIFICATE-----"):]
		j := bytes.Index(body, []byte("-----END CERTIFICATE-----"))
		if j < 0 {
			return Cert{}, fmt.Errorf("%w: PEM block without its END line", ErrMalformed)
		}
		var ok bool
		if der, ok = decodeBase64(body[:j]); !ok {
			return Cert{}, fmt.Errorf("%w: PEM: bad base64", ErrMalformed)
		}
	} else if len(b) == 0 || b[0] != 0x30 {
		return Cert{}, ErrNoCert
	}
	subject, err := Subject(der)
	if err != nil {
		return Cert{}, err
	}
	// The certificate alone: what follows it (a newline, a DER key) is no
	// part of its fingerprint. Subject has read the element.
	cert, _ := next(der)
	return Cert{Subject: subject, DER: cert.full}, nil
}

// decodeBase64 decodes standard base64 (RFC 4648), skipping white space
// as PEM bodies have it. By hand: encoding/base64 and the byte slicing
// around it cost the device build more than this loop, for one certificate.
func decodeBase64(b []byte) ([]byte, bool) {
	out := make([]byte, 0, len(b)*3/4)
	var acc uint32
	n, pad := 0, 0
	for _, c := range b {
		var v byte
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == '=':
			pad++
			continue
		case pad > 0: // data after padding
			return nil, false
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+':
			v = 62
		case c == '/':
			v = 63
		default:
			return nil, false
		}
		acc = acc<<6 | uint32(v)
		if n++; n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch {
	case n == 2 && pad == 2:
		out = append(out, byte(acc>>4))
	case n == 3 && pad == 1:
		out = append(out, byte(acc>>10), byte(acc>>2))
	case n != 0 || pad != 0:
		return nil, false
	}
	return out, true
}
