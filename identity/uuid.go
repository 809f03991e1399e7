package identity

import (
	"errors"
	"fmt"
)

// placeholderUUIDs are UUIDs firmware ships on every unit. The AMI one is
// the byte sequence 00 02 00 03 ... 09 of unconfigured Aptio boards, shown
// in SMBIOS 2.6+ order.
var placeholderUUIDs = []string{
	"03000200-0400-0500-0006-000700080009",
	"00020003-0004-0005-0006-000700080009", // the same bytes, pre-2.6 order
	"12345678-1234-5678-90ab-cddeefaabbcc",
}

// CheckUUID accepts a UUID as the kernel prints product_uuid (lowercase
// 8-4-4-4-12) that is not all zero/FF or a known firmware placeholder
// (ErrPlaceholder): the rule of dmi:product_uuid.
func CheckUUID(u string) error {
	if err := CheckValue(u); err != nil {
		return err
	}
	if len(u) != 36 {
		return errors.New(Quote(u) + " is not a UUID")
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		dash := i == 8 || i == 13 || i == 18 || i == 23
		if dash != (c == '-') || !dash && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return errors.New(Quote(u) + " is not a UUID")
		}
	}
	for _, p := range placeholderUUIDs {
		if u == p {
			return fmt.Errorf("%s: %w", Quote(u), ErrPlaceholder)
		}
	}
	return nil
}
