package identity

import "fmt"

// MaxProductSerial bounds a product serial; product serials are short.
const MaxProductSerial = 128

// CheckProductSerial accepts a product serial that can be stored on one
// line (hwident product set) and shown in the Mender UI (mender tag):
// printable, no placeholder, bounded length.
func CheckProductSerial(s string) error {
	if err := CheckValue(s); err != nil {
		return err
	}
	if len(s) > MaxProductSerial {
		return fmt.Errorf("longer than %d bytes", MaxProductSerial)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return fmt.Errorf("contains control or invalid characters")
		}
	}
	return nil
}
