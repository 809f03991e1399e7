package mmc

import (
	"strconv"
	"strings"
)

// ParseCIDHex parses a CID written as hex: the 32 digits of sysfs `cid`, or
// the 30 digits of an mmc:cid identity value (the CRC byte then reads 00).
// An optional 0x prefix, upper case and the '-', ':' or ' ' separators that
// boot loaders print between words are accepted. Errors are *FormatError
// with the offset of the offending character.
func ParseCIDHex(s string) ([16]byte, error) {
	var raw [16]byte
	start := 0
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		start = 2
	}
	n := 0 // hex digits seen
	for i := start; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == ':' || c == ' ' {
			continue
		}
		v, ok := hexDigit(c)
		if !ok {
			return raw, &FormatError{Off: i, Msg: "not a hex digit: " + strconv.QuoteRune(rune(c))}
		}
		if n == 32 {
			return raw, &FormatError{Off: i, Msg: "too long: a CID has 32 hex digits"}
		}
		raw[n/2] |= v << (4 * (1 - n%2))
		n++
	}
	if n != 32 && n != 30 {
		return raw, &FormatError{Off: len(s), Msg: "too short: want 32 hex digits (or 30 without the CRC byte), got " + strconv.Itoa(n)}
	}
	return raw, nil
}

func hexDigit(c byte) (byte, bool) {
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
