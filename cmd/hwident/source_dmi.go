package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/identity"
)

// readDMISource reads dmi:product_serial, dmi:product_uuid,
// dmi:board_serial and dmi:chassis_serial.
func (m *machine) readDMISource(arg string) (string, error) {
	r, err := m.dmiValue(dmi.Field(arg))
	return r.Value, err
}

// dmiValue reads a DMI field (SMBIOS tables first, sysfs second), trimmed,
// and says why it is unusable; the reading is returned either way.
func (m *machine) dmiValue(f dmi.Field) (dmi.Reading, error) {
	r, err := dmi.Read(m.fsys, f)
	if err != nil {
		return r, err
	}
	r.Value = strings.TrimSpace(r.Value)
	if f == dmi.ProductUUID {
		err = checkUUID(r.Value)
	} else {
		err = identity.CheckValue(r.Value)
	}
	if err != nil {
		return r, fmt.Errorf("dmi %s (%s): %w", f, r.From, err)
	}
	return r, nil
}

// placeholderUUIDs are UUIDs firmware ships on every unit. The AMI one is
// the byte sequence 00 02 00 03 ... 09 of unconfigured Aptio boards, shown
// in SMBIOS 2.6+ order.
var placeholderUUIDs = []string{
	"03000200-0400-0500-0006-000700080009",
	"00020003-0004-0005-0006-000700080009", // the same bytes, pre-2.6 order
	"12345678-1234-5678-90ab-cddeefaabbcc",
}

// checkUUID accepts a UUID as the kernel prints product_uuid (lowercase
// 8-4-4-4-12) that is not all zero/FF or a known firmware placeholder.
func checkUUID(u string) error {
	if err := identity.CheckValue(u); err != nil {
		return err
	}
	if len(u) != 36 {
		return errors.New(identity.Quote(u) + " is not a UUID")
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		dash := i == 8 || i == 13 || i == 18 || i == 23
		if dash != (c == '-') || !dash && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return errors.New(identity.Quote(u) + " is not a UUID")
		}
	}
	for _, p := range placeholderUUIDs {
		if u == p {
			return fmt.Errorf("%s: %w", identity.Quote(u), identity.ErrPlaceholder)
		}
	}
	return nil
}
