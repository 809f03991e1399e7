package machine

import (
	"fmt"
	"strings"

	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/identity"
)

// dmiValue reads a DMI field (SMBIOS tables first, sysfs second), trimmed,
// and says why it is unusable; the reading is returned either way.
func (m *Machine) dmiValue(f dmi.Field) (dmi.Reading, error) {
	r, err := dmi.Read(m.FS, f)
	if err != nil {
		return r, err
	}
	r.Value = strings.TrimSpace(r.Value)
	if f == dmi.ProductUUID {
		err = identity.CheckUUID(r.Value)
	} else {
		err = identity.CheckValue(r.Value)
	}
	if err != nil {
		return r, fmt.Errorf("dmi %s (%s): %w", f, r.From, err)
	}
	return r, nil
}
