package identity

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// JSON returns the id_data exactly as the Mender server canonicalises it:
// what Go's encoding/json produces for a map with sorted keys, compact, a
// single value as a string and a repeated key as an array in output order.
// Values are the encoded values (EncodeValue), because that is the text the
// client reads from our output and sends.
//
// Written by hand rather than with encoding/json: the reflection it pulls in
// costs the device binary more than its budget has left (docs/size.md).
// The tests check it byte for byte against encoding/json.
func (id Identity) JSON() []byte {
	var keys []string
	for _, a := range id {
		if !slices.Contains(keys, a.Key) {
			keys = append(keys, a.Key)
		}
	}
	// By insertion: a few keys; neither slices.Sort[string] nor sort.Slice
	// (the sort package) in device builds (docs/size.md).
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteByte(':')
		var vs []string // k's values in output order
		for _, a := range id {
			if a.Key == k {
				vs = append(vs, EncodeValue(a.Value))
			}
		}
		if len(vs) == 1 {
			writeJSONString(&b, vs[0])
			continue
		}
		b.WriteByte('[')
		for j, v := range vs {
			if j > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, v)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// writeJSONString follows encoding/json's string rules with HTML escaping on.
func writeJSONString(b *strings.Builder, s string) {
	const hexdigits = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\b':
				b.WriteString(`\b`)
			case c == '\f':
				b.WriteString(`\f`)
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b.WriteString(`\u00`)
				b.WriteByte(hexdigits[c>>4])
				b.WriteByte(hexdigits[c&15])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(`\u202`)
			b.WriteByte(hexdigits[r&15])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// QuoteJSON returns s as a JSON string literal, escaped as encoding/json does.
func QuoteJSON(s string) string {
	var b strings.Builder
	writeJSONString(&b, s)
	return b.String()
}
