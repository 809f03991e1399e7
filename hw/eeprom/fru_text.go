package eeprom

import (
	"encoding/hex"
	"errors"
	"strings"
	"unicode/utf16"
)

// fruText decodes the data of one type/length field: typ is bits 7:6 of
// the type/length byte. Trailing NULs and spaces (padding) are dropped.
func fruText(typ byte, d []byte, english bool) (string, error) {
	switch typ {
	case 0: // binary or unspecified
		return hex.EncodeToString(d), nil
	case 1: // BCD plus
		const digits = "0123456789 -.:,_"
		out := make([]byte, 0, 2*len(d))
		for _, c := range d {
			out = append(out, digits[c>>4], digits[c&15])
		}
		return trimPad(string(out)), nil
	case 2: // 6-bit packed ASCII, little-endian bit stream, +0x20
		out := make([]byte, 0, len(d)*8/6)
		var acc uint32
		bits := 0
		for _, c := range d {
			acc |= uint32(c) << bits
			bits += 8
			for bits >= 6 {
				out = append(out, byte(acc&0x3f)+0x20)
				acc >>= 6
				bits -= 6
			}
		}
		return trimPad(string(out)), nil
	}
	if !english {
		if len(d)%2 != 0 {
			return "", errors.New("16-bit Unicode field has an odd number of bytes")
		}
		u := make([]uint16, len(d)/2)
		for i := range u {
			u[i] = uint16(d[2*i]) | uint16(d[2*i+1])<<8
		}
		return trimPad(string(utf16.Decode(u))), nil
	}
	// 8-bit ASCII + Latin-1
	var s strings.Builder
	for _, c := range d {
		s.WriteRune(rune(c))
	}
	return trimPad(s.String()), nil
}

func trimPad(s string) string { return strings.TrimRight(s, "\x00 ") }
