// Package payload is the label payload codec: a device identity as the short
// QR text on its label ("HW", a version, one field per attribute, three check
// symbols), decoded back from a scan, alone or inside a URL. docs/payload.md is
// its specification; this package implements version 1.0. Like identity, it
// is pure: no I/O.
package payload

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/identity"
)

// The version the encoder writes, as the two symbols after "HW".
const (
	versionMajor = 1
	versionMinor = 0
)

// Sentinel errors of Decode; the concrete error is a *identity.FormatError
// wrapping one of them when a position is known.
var (
	ErrNotLabel = errors.New("not an hwident label payload: it must start with HW")
	ErrCheck    = errors.New("payload check symbols do not match: mistyped or partial scan, scan again")
	ErrVersion  = errors.New("payload version is not supported: decode it with a newer hwident")
	ErrDamaged  = errors.New("payload is damaged: scan it again; if that fails, check the scanner's keyboard layout or reprint the label")
)

// Field tags below 16 carry an attribute: a decoder that does not know one
// must fail, because skipping it would change the identity. Tags from 16 up
// carry information that is not part of the identity; unknown ones are
// skipped when the payload's minor version is newer than the decoder's.
const (
	tagColonHex           = 12 // "C": lowercase hex pairs joined by ':' (MAC, EUI-64)
	tagUUID               = 13 // "D": lowercase 8-4-4-4-12 UUID
	tagHex                = 14 // "E": lowercase hex digits
	tagText               = 15 // "F": any bytes, text codec
	tagFirstInformational = 16
)

// commonKeys are attribute keys written as one symbol (their index). The
// table is frozen for major version 1: minor versions may only append.
var commonKeys = []string{
	"mac", "serial", "cid", "uuid", "serial_number", "product_serial", "product_uuid",
	"board_serial", "chassis_serial", "soc_serial", "cpuid", "eui48", "eui64", "sku", "imei", "device_id",
}

// customKey is the key symbol announcing a key spelled out with the text codec.
const customKey = 31

// Encode encodes a valid identity as label payload text made only of
// alphabet symbols.
func Encode(id identity.Identity) (string, error) {
	if err := id.Validate(); err != nil {
		return "", fmt.Errorf("encode label payload: %w", err)
	}
	syms := []byte{17, 30, versionMajor, versionMinor} // "HW10"
	var data []byte
	for _, a := range id {
		var tag byte
		data, tag = appendAttr(data[:0], a)
		syms = append(syms, tag)
		syms = appendLength(syms, len(data))
		syms = append(syms, data...)
	}
	syms = appendCheck(syms)
	for i, s := range syms {
		syms[i] = alphabet[s]
	}
	return string(syms), nil
}

// appendAttr appends the field data of a (key, then value) and returns the tag.
func appendAttr(dst []byte, a identity.Attr) ([]byte, byte) {
	if code := keyCode(a.Key); code >= 0 {
		dst = append(dst, byte(code))
	} else {
		key := appendText(nil, a.Key, true)
		dst = append(dst, customKey)
		dst = appendLength(dst, len(key))
		dst = append(dst, key...)
	}
	v := a.Value
	switch {
	case isColonHex(v):
		return appendHexDigits(dst, v), tagColonHex
	case isUUID(v):
		return appendHexDigits(dst, v), tagUUID
	case isLowerHex(v) && strings.ContainsAny(v, "abcdef"):
		return appendHexDigits(dst, v), tagHex
	}
	return appendText(dst, v, false), tagText
}

func keyCode(k string) int {
	for i, c := range commonKeys {
		if c == k {
			return i
		}
	}
	return -1
}

// appendLength writes n as base-16 digits, most significant first; every
// symbol but the last has bit 4 set.
func appendLength(dst []byte, n int) []byte {
	shift := 0
	for n>>(shift+4) != 0 {
		shift += 4
	}
	for ; shift > 0; shift -= 4 {
		dst = append(dst, 16|byte(n>>shift&15))
	}
	return append(dst, byte(n&15))
}

// appendHexDigits appends the value of every hex digit of v, skipping separators.
func appendHexDigits(dst []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= '0' && c <= '9' {
			dst = append(dst, c-'0')
		} else if c >= 'a' && c <= 'f' {
			dst = append(dst, c-'a'+10)
		}
	}
	return dst
}

func isLowerHex(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isLowerHexDigit(v[i]) {
			return false
		}
	}
	return v != ""
}

func isLowerHexDigit(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// isColonHex matches "aa", "aa:bb", ... with lowercase hex digits.
func isColonHex(v string) bool {
	if len(v)%3 != 2 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if i%3 == 2 && v[i] != ':' || i%3 != 2 && !isLowerHexDigit(v[i]) {
			return false
		}
	}
	return true
}

// isUUID matches the lowercase 8-4-4-4-12 form.
func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		dash := i == 8 || i == 13 || i == 18 || i == 23
		if dash && v[i] != '-' || !dash && !isLowerHexDigit(v[i]) {
			return false
		}
	}
	return true
}

// Decode reverses Encode. It accepts the payload alone, in
// any letter case, with surrounding white space such as a scanner's CR, LF
// or TAB, or inside a URL made by URL.
func Decode(text string) (identity.Identity, error) {
	text = strings.TrimSpace(text)
	if !strings.Contains(text, "://") {
		return decodePlain(text)
	}
	return decodeURL(text)
}

func decodePlain(text string) (identity.Identity, error) {
	if len(text) < 2 || !strings.EqualFold(text[:2], "HW") {
		return nil, ErrNotLabel
	}
	syms := make([]byte, len(text))
	for i := 0; i < len(text); i++ {
		v := symbolValue(text[i])
		if v < 0 {
			return nil, &identity.FormatError{Off: i, Msg: fmt.Sprintf("character %q cannot occur in a payload", text[i]), Err: ErrDamaged}
		}
		syms[i] = byte(v)
	}
	if len(syms) < 4+checkSymbols {
		return nil, &identity.FormatError{Off: len(text), Msg: "payload is too short", Err: ErrCheck}
	}
	if syms[2] != versionMajor {
		return nil, &identity.FormatError{Off: 2, Msg: fmt.Sprintf("major version %d, this hwident reads %d", syms[2], versionMajor), Err: ErrVersion}
	}
	if checkValue(syms) != 1 {
		return nil, &identity.FormatError{Off: len(text) - checkSymbols, Err: ErrCheck}
	}
	f := fieldReader{syms: syms[:len(syms)-checkSymbols], pos: 4, newer: syms[3] > versionMinor}
	var id identity.Identity
	for f.pos < len(f.syms) {
		a, ok, err := f.next()
		if err != nil {
			return nil, err
		}
		if ok {
			id = append(id, a)
		}
	}
	if len(id) == 0 {
		return nil, &identity.FormatError{Off: 4, Msg: "payload has no attributes", Err: ErrDamaged}
	}
	return id, nil
}

// fieldReader walks the fields of a checked payload. Offsets in its errors
// are symbol positions, which equal byte offsets in the payload text.
type fieldReader struct {
	syms  []byte
	pos   int
	newer bool // the payload's minor version is newer than versionMinor
}

func (f *fieldReader) fail(off int, err error, format string, args ...any) error {
	return &identity.FormatError{Off: off, Msg: fmt.Sprintf(format, args...), Err: err}
}

// next reads one field; ok is false for a skipped informational field.
func (f *fieldReader) next() (a identity.Attr, ok bool, err error) {
	start := f.pos
	tag := f.syms[f.pos]
	f.pos++
	n, err := f.length()
	if err != nil {
		return a, false, err
	}
	data := f.syms[f.pos : f.pos+n]
	dataOff := f.pos
	f.pos += n
	if tag >= tagFirstInformational {
		if f.newer {
			return a, false, nil
		}
		return a, false, f.fail(start, ErrDamaged, "unknown field tag %c", alphabet[tag])
	}
	if tag < tagColonHex {
		return a, false, f.unknown(start, "field tag %c", alphabet[tag])
	}
	key, rest, err := f.key(data, dataOff)
	if err != nil {
		return a, false, err
	}
	value, err := decodeValue(tag, rest)
	if err != nil {
		return a, false, f.fail(dataOff+len(data)-len(rest), ErrDamaged, "attribute %s: %v", identity.Quote(key), err)
	}
	return identity.Attr{Key: key, Value: value}, true, nil
}

// unknown reports something a newer minor version may have added.
func (f *fieldReader) unknown(off int, format string, args ...any) error {
	if f.newer {
		return f.fail(off, ErrVersion, "unknown "+format, args...)
	}
	return f.fail(off, ErrDamaged, "unknown "+format, args...)
}

func (f *fieldReader) length() (int, error) {
	n := 0
	for {
		if f.pos >= len(f.syms) {
			return 0, f.fail(f.pos, ErrDamaged, "field ends early")
		}
		s := f.syms[f.pos]
		f.pos++
		n = n<<4 | int(s&15)
		if n > len(f.syms) {
			return 0, f.fail(f.pos, ErrDamaged, "field is longer than the payload")
		}
		if s&16 == 0 {
			break
		}
	}
	if f.pos+n > len(f.syms) {
		return 0, f.fail(f.pos, ErrDamaged, "field is longer than the payload")
	}
	return n, nil
}

// key reads the key at the start of an attribute field's data.
func (f *fieldReader) key(data []byte, off int) (string, []byte, error) {
	if len(data) == 0 {
		return "", nil, f.fail(off, ErrDamaged, "attribute field has no key")
	}
	code := int(data[0])
	if code < len(commonKeys) {
		return commonKeys[code], data[1:], nil
	}
	if code != customKey {
		return "", nil, f.unknown(off, "key code %d", code)
	}
	sub := fieldReader{syms: data, pos: 1}
	n, err := sub.length()
	if err != nil {
		return "", nil, f.fail(off, ErrDamaged, "key: %v", err)
	}
	key, err := decodeText(data[sub.pos:sub.pos+n], true)
	if err != nil || !identity.ValidKey(key) {
		return "", nil, f.fail(off, ErrDamaged, "invalid key")
	}
	if err := identity.CheckKey(key); err != nil {
		return "", nil, &identity.FormatError{Off: off, Err: err}
	}
	return key, data[sub.pos+n:], nil
}

func decodeValue(tag byte, data []byte) (string, error) {
	if tag == tagText {
		return decodeText(data, false)
	}
	for _, s := range data {
		if s > 15 {
			return "", errors.New("hex value has a symbol above F")
		}
	}
	const hexdigits = "0123456789abcdef"
	var b strings.Builder
	switch {
	case tag == tagColonHex && len(data) >= 2 && len(data)%2 == 0:
		for i, s := range data {
			if i > 0 && i%2 == 0 {
				b.WriteByte(':')
			}
			b.WriteByte(hexdigits[s])
		}
	case tag == tagUUID && len(data) == 32:
		for i, s := range data {
			if i == 8 || i == 12 || i == 16 || i == 20 {
				b.WriteByte('-')
			}
			b.WriteByte(hexdigits[s])
		}
	case tag == tagHex && len(data) > 0:
		for _, s := range data {
			b.WriteByte(hexdigits[s])
		}
	default:
		return "", fmt.Errorf("wrong number of hex digits (%d)", len(data))
	}
	return b.String(), nil
}
