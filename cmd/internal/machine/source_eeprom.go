package machine

import (
	"fmt"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
)

// readEEPROMSource reads eeprom:LOCATION:FORMAT[:FIELD] (docs/eeprom.md).
// MACs and EUIs must be burnt-in unicast addresses; other fields must be
// real values, not placeholders.
func (m *Machine) readEEPROMSource(arg string) (string, error) {
	spec, err := identity.ParseEEPROMSpec(arg)
	if err != nil {
		return "", err
	}
	v, _, err := m.readEEPROM(spec)
	if err != nil {
		return "", fmt.Errorf("%s: %w", identity.QuoteName("eeprom:"+arg), err)
	}
	if err := checkEEPROMValue(spec.Format, spec.Field, v); err != nil {
		return "", fmt.Errorf("%s: %w", identity.QuoteName("eeprom:"+arg), err)
	}
	return v, nil
}

// checkEEPROMValue applies the value check that fits a field.
func checkEEPROMValue(format, field, v string) error {
	if format == "eui48" || eeprom.IsMACField(field) {
		return identity.CheckMAC(v, true)
	}
	return identity.CheckValue(v)
}
