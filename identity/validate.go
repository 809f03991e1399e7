package identity

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// placeholders are strings firmware and tools leave where a serial number
// belongs. Compared case-insensitively, trimmed, with spaces and tabs
// removed (as systemd's hwdb matches them: "ToBeFilledByO.E.M." is the
// same placeholder). Where each comes from:
//
//   - dmidecode (dmidecode.c: dmi_string, dmi_system_uuid), the text it
//     prints instead of a value, which inventories copy: "Not Specified"
//     (string index 0), "<BAD INDEX>", "Not Present" (UUID all FF),
//     "Not Settable" (UUID all 00), "<OUT OF SPEC>".
//   - systemd, hwdb.d/20-dmi-id.hwdb (ID_*_IS_RUBBISH, which hostnamed
//     honours): "Default string", "N/A", "O.E.M.", "OEM", "System
//     manufacturer", "System Product Name", "System Name", "To be filled
//     by O.E.M.".
//   - fwupd, plugins/redfish/fu-redfish-device.c: a SerialNumber of "N/A"
//     is no serial.
//   - firmware defaults seen on real machines: AMI Aptio "To Be Filled By
//     O.E.M.", "Default string", "System Serial Number", "Base Board Serial
//     Number", "Chassis Serial Number"; Insyde "Type2 - Board Serial
//     Number", "Type1 - 123456789", "Type1 - TBD by OEM"; Lenovo "Not
//     Available"; Supermicro "0123456789"; "Not Applicable", "None".
//   - generic fill-ins: "Unknown", "Serial", "Serial Number", "123456789",
//     "1234567890", "xxxxxxxx", "Empty", "Null", "Invalid", "NA", "OEM".
var placeholders = []string{
	"notspecified", "<badindex>", "notpresent", "notsettable", "<outofspec>",
	"defaultstring", "n/a", "o.e.m.", "oem", "systemmanufacturer", "systemproductname", "systemname", "tobefilledbyo.e.m.",
	"tobefilledbyoem", "systemserialnumber", "baseboardserialnumber", "chassisserialnumber",
	"type2-boardserialnumber", "type1-123456789", "type1-tbdbyoem", "notavailable", "0123456789", "notapplicable", "none",
	"unknown", "serial", "serialnumber", "123456789", "1234567890", "xxxxxxxx", "empty", "null", "invalid", "na",
}

// IsPlaceholder reports whether v is a known placeholder (see placeholders).
func IsPlaceholder(v string) bool {
	key := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return unicode.ToLower(r)
	}, v)
	return slices.Contains(placeholders, key)
}

// CheckValue rejects values that cannot identify a device: empty, vendor
// placeholders, one character repeated (including all-zero and all-F
// hex strings once separators are ignored).
func CheckValue(v string) error {
	t := strings.TrimSpace(v)
	if t == "" {
		return ErrEmptyValue
	}
	if IsPlaceholder(t) {
		return fmt.Errorf("%s: %w", Quote(t), ErrPlaceholder)
	}
	lower := strings.ToLower(t)
	core := strings.Map(func(r rune) rune {
		if r == ':' || r == '-' || r == '.' || r == ' ' {
			return -1
		}
		return r
	}, lower)
	if core == "" {
		return fmt.Errorf("%s: %w", Quote(t), ErrEmptyValue)
	}
	if strings.Count(core, core[:1]) == len(core) {
		if core[0] == '0' || core[0] == 'f' {
			return fmt.Errorf("%s: %w", Quote(t), ErrAllZeroOrFF)
		}
		return fmt.Errorf("%s: %w", Quote(t), ErrRepeated)
	}
	return nil
}

// ParseMAC parses an EUI-48 written as six ':' or '-' separated hex pairs.
func ParseMAC(s string) ([6]byte, error) {
	var m [6]byte
	s = strings.TrimSpace(s)
	if len(s) != 17 {
		return m, fmt.Errorf("%s: %w", Quote(s), ErrBadMAC)
	}
	for i := range m {
		hi, ok1 := unhex(s[3*i])
		lo, ok2 := unhex(s[3*i+1])
		if !ok1 || !ok2 || i < 5 && s[3*i+2] != ':' && s[3*i+2] != '-' {
			return m, fmt.Errorf("%s: %w", Quote(s), ErrBadMAC)
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
	s = strings.TrimSpace(s) // as parsed: 17 hex digits and separators, safe to print
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
