package identity

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Mender encodes the identity as the key=value lines the Mender client
// parses: one attribute per line, '\n' terminated, no blank lines, no '\r'.
// Values are percent-encoded (see EncodeValue), so every value stays on its
// line and the client sees exactly one attribute per line.
func (id Identity) Mender() []byte {
	var b bytes.Buffer
	for _, a := range id {
		b.WriteString(a.Key)
		b.WriteByte('=')
		b.WriteString(EncodeValue(a.Value))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// EncodeValue percent-encodes '%', control bytes (including '\n', '\r',
// TAB and DEL) and bytes that are not valid UTF-8, as %XX with uppercase hex.
// Everything else, including '=' and non-ASCII UTF-8, is kept as is.
func EncodeValue(v string) string { return encodeValue(v, false) }

// EncodeBytes is EncodeValue for a value that is bytes, not text (a CID
// product name, ASCII by its standard): every byte outside ASCII is
// percent-encoded too, so that c3 83 reads %C3%83, not "Ã".
func EncodeBytes(v string) string { return encodeValue(v, true) }

func encodeValue(v string, ascii bool) string {
	if !ascii && !needsEncoding(v) {
		return v
	}
	const hexdigits = "0123456789ABCDEF"
	b := make([]byte, 0, len(v)+8)
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		c := v[i]
		if ascii && c >= 0x80 {
			size = 1
		}
		if c == '%' || c < 0x20 || c == 0x7f || size == 1 && c >= 0x80 || r == utf8.RuneError && size == 1 {
			b = append(b, '%', hexdigits[c>>4], hexdigits[c&15])
			i++
			continue
		}
		b = append(b, v[i:i+size]...)
		i += size
	}
	return string(b)
}

func needsEncoding(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '%' || c < 0x20 || c == 0x7f {
			return true
		}
	}
	return !utf8.ValidString(v)
}

// DecodeValue reverses EncodeValue. A '%' not followed by two hex digits is
// an error, so a damaged value is never silently accepted.
func DecodeValue(s string) (string, error) {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", &FormatError{Off: i, Msg: "'%' must be followed by two hex digits"}
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", &FormatError{Off: i, Msg: "'%' must be followed by two hex digits"}
		}
		b = append(b, hi<<4|lo)
		i += 2
	}
	return string(b), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
