package identity

import (
	"fmt"
	"strings"
)

// placeholders are strings firmware vendors leave in serial-number fields.
// Compared case-insensitively after trimming.
var placeholders = []string{
	"to be filled by o.e.m.", "to be filled by oem", "default string", "system serial number",
	"base board serial number", "chassis serial number", "o.e.m.", "oem", "n/a", "na", "none",
	"not specified", "not applicable", "unknown", "0123456789", "123456789", "1234567890",
	"serial", "serial number", "xxxxxxxx", "empty", "null", "invalid",
}

// CheckValue rejects values that cannot identify a device: empty, vendor
// placeholders, one character repeated (including all-zero and all-F
// hex strings once separators are ignored).
func CheckValue(v string) error {
	t := strings.TrimSpace(v)
	if t == "" {
		return ErrEmptyValue
	}
	lower := strings.ToLower(t)
	for _, p := range placeholders {
		if lower == p {
			return fmt.Errorf("%q: %w", t, ErrPlaceholder)
		}
	}
	core := strings.Map(func(r rune) rune {
		if r == ':' || r == '-' || r == '.' || r == ' ' {
			return -1
		}
		return r
	}, lower)
	if core == "" {
		return fmt.Errorf("%q: %w", t, ErrEmptyValue)
	}
	if strings.Count(core, core[:1]) == len(core) {
		if core[0] == '0' || core[0] == 'f' {
			return fmt.Errorf("%q: %w", t, ErrAllZeroOrFF)
		}
		return fmt.Errorf("%q: %w", t, ErrRepeated)
	}
	return nil
}

// ParseMAC parses an EUI-48 written as six ':' or '-' separated hex pairs.
func ParseMAC(s string) ([6]byte, error) {
	var m [6]byte
	s = strings.TrimSpace(s)
	if len(s) != 17 {
		return m, fmt.Errorf("%q: %w", s, ErrBadMAC)
	}
	for i := range m {
		hi, ok1 := unhex(s[3*i])
		lo, ok2 := unhex(s[3*i+1])
		if !ok1 || !ok2 || i < 5 && s[3*i+2] != ':' && s[3*i+2] != '-' {
			return m, fmt.Errorf("%q: %w", s, ErrBadMAC)
		}
		m[i] = hi<<4 | lo
	}
	return m, nil
}

// CheckMAC rejects MACs that are not a usable burnt-in address: malformed,
// all-zero or broadcast, multicast. With universal set, a locally
// administered address is rejected too (used by net:auto).
func CheckMAC(s string, universal bool) error {
	m, err := ParseMAC(s)
	if err != nil {
		return err
	}
	if m == [6]byte{} || m == [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff} {
		return fmt.Errorf("%s: %w", s, ErrAllZeroOrFF)
	}
	if m[0]&1 != 0 {
		return fmt.Errorf("%s: %w", s, ErrMulticast)
	}
	if universal && m[0]&2 != 0 {
		return fmt.Errorf("%s: %w", s, ErrLocalAdmin)
	}
	return nil
}
