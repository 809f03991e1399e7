package machine

import (
	"fmt"

	"github.com/hwident/hwident/identity"
)

// maxProductSerial bounds a stored serial; product serials are short.
const maxProductSerial = 128

// CheckProductSerial accepts what can be stored on one line and shown in
// the Mender UI: printable, no placeholder, bounded length. It is in every
// build (product.go is not in the identity-only one): the station's
// `mender tag` checks the serial it sets as `product set` does.
func CheckProductSerial(s string) error {
	if err := identity.CheckValue(s); err != nil {
		return err
	}
	if len(s) > maxProductSerial {
		return fmt.Errorf("longer than %d bytes", maxProductSerial)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return fmt.Errorf("contains control or invalid characters")
		}
	}
	return nil
}
