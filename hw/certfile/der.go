package certfile

import (
	"fmt"
	"strconv"
	"strings"
)

// element is one DER TLV.
type element struct {
	tag        byte
	body, rest []byte // contents, and what follows the element
	full       []byte // tag, length and contents
}

// next reads the DER element at the start of b (definite lengths only, as
// DER requires; tags in one byte, as certificates use).
func next(b []byte) (element, error) {
	if len(b) < 2 || b[0]&0x1f == 0x1f {
		return element{}, fmt.Errorf("%w: bad tag", ErrMalformed)
	}
	n, hdr := int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < 2+k {
			return element{}, fmt.Errorf("%w: bad length", ErrMalformed)
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr += k
	}
	if n > len(b)-hdr {
		return element{}, fmt.Errorf("%w: element runs past the end", ErrMalformed)
	}
	return element{tag: b[0], body: b[hdr : hdr+n], rest: b[hdr+n:], full: b[:hdr+n]}, nil
}

// expect reads an element that must have tag.
func expect(b []byte, tag byte, what string) (element, error) {
	e, err := next(b)
	if err == nil && e.tag != tag {
		err = fmt.Errorf("%w: %s: tag 0x%02x, want 0x%02x", ErrMalformed, what, e.tag, tag)
	}
	return e, err
}

// Subject returns the subject of a DER certificate in RFC 4514 form:
// RDNs last first, "+" between the values of one RDN.
func Subject(der []byte) (string, error) {
	cert, err := expect(der, 0x30, "certificate")
	if err != nil {
		return "", err
	}
	tbs, err := expect(cert.body, 0x30, "tbsCertificate")
	if err != nil {
		return "", err
	}
	// version [0] (optional), serial, signature, issuer, validity, subject.
	b := tbs.body
	skip := []byte{0x02, 0x30, 0x30, 0x30}
	if len(b) > 0 && b[0] == 0xa0 {
		skip = append([]byte{0xa0}, skip...)
	}
	for _, tag := range skip {
		e, err := expect(b, tag, "tbsCertificate field")
		if err != nil {
			return "", err
		}
		b = e.rest
	}
	name, err := expect(b, 0x30, "subject")
	if err != nil {
		return "", err
	}
	var rdns []string
	for rest := name.body; len(rest) > 0; {
		set, err := expect(rest, 0x31, "RDN")
		if err != nil {
			return "", err
		}
		rest = set.rest
		var atvs []string
		for s := set.body; len(s) > 0; {
			atv, err := expect(s, 0x30, "attribute")
			if err != nil {
				return "", err
			}
			s = atv.rest
			oid, err := expect(atv.body, 0x06, "attribute type")
			if err != nil {
				return "", err
			}
			val, err := next(oid.rest)
			if err != nil {
				return "", err
			}
			atvs = append(atvs, attribute(oid.body, val))
		}
		rdns = append(rdns, strings.Join(atvs, "+"))
	}
	for i, j := 0, len(rdns)-1; i < j; i, j = i+1, j-1 {
		rdns[i], rdns[j] = rdns[j], rdns[i]
	}
	return strings.Join(rdns, ","), nil
}

// attributeName is the short name RFC 4514 and crypto/x509 use for an
// attribute type (a switch: a map would be built at start-up).
func attributeName(dotted string) string {
	switch dotted {
	case "2.5.4.3":
		return "CN"
	case "2.5.4.5":
		return "SERIALNUMBER"
	case "2.5.4.6":
		return "C"
	case "2.5.4.7":
		return "L"
	case "2.5.4.8":
		return "ST"
	case "2.5.4.9":
		return "STREET"
	case "2.5.4.10":
		return "O"
	case "2.5.4.11":
		return "OU"
	case "2.5.4.17":
		return "POSTALCODE"
	}
	return ""
}

// attribute formats type=value. A known type with a string value is
// escaped text; anything else is the dotted OID and #hex of the DER value.
func attribute(oid []byte, val element) string {
	dotted := oidString(oid)
	name := attributeName(dotted)
	known := name != ""
	switch val.tag {
	case 0x0c, 0x13, 0x16, 0x14: // UTF8String, PrintableString, IA5String, T61String
		if known {
			return name + "=" + escape(string(val.body))
		}
	}
	const hexdigits = "0123456789abcdef"
	h := make([]byte, 0, 2*len(val.full))
	for _, c := range val.full {
		h = append(h, hexdigits[c>>4], hexdigits[c&15])
	}
	if known {
		return name + "=#" + string(h)
	}
	return dotted + "=#" + string(h)
}

func oidString(b []byte) string {
	var parts []string
	v := 0
	for i, c := range b {
		v = v<<7 | int(c&0x7f)
		if c&0x80 != 0 && i < len(b)-1 {
			if v > 1<<24 {
				return "invalid"
			}
			continue
		}
		if len(parts) == 0 {
			first := min(v/40, 2)
			parts = append(parts, strconv.Itoa(first), strconv.Itoa(v-40*first))
		} else {
			parts = append(parts, strconv.Itoa(v))
		}
		v = 0
	}
	return strings.Join(parts, ".")
}

// escape applies RFC 4514's escaping as crypto/x509 does: ,+"\<>; and a
// leading '#' or space and a trailing space get a backslash.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(`,+"\<>;`, c) >= 0,
			i == 0 && (c == ' ' || c == '#'),
			i == len(s)-1 && c == ' ':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}
