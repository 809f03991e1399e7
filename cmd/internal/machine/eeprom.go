package machine

import (
	"errors"
	"fmt"
	"io"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
)

// OpenEEPROM gives raw access to a chip: plain I²C transfers or SMBus on
// the bus OpenI2C opens, and the at24 file under the root when the raw
// address is busy. Without OpenI2C (raw access needs the real root, the
// caller's /dev) only the at24 fallback can work. close releases what was
// opened.
func (m *Machine) OpenEEPROM(bus int, addr uint16, addr16 bool) (d *eeprom.Device, close func()) {
	d = &eeprom.Device{Root: m.FS, BusNum: bus, Addr: addr, Addr16: addr16}
	var closeBus func()
	if m.OpenI2C == nil {
		d.BusErr = &eeprom.ReadError{Bus: bus, Addr: addr, Class: eeprom.ErrNoBus,
			Err: fmt.Errorf("raw I²C access needs the real root, not %s", m.Root)}
	} else {
		closeBus = m.OpenI2C(d)
	}
	return d, func() {
		d.Close()
		if closeBus != nil {
			closeBus()
		}
	}
}

// readEEPROM reads and decodes spec and returns the field it names, and
// how the chip was read: the raw bus, the at24 file of an I²C device, or a
// file path, all under the machine root.
func (m *Machine) readEEPROM(spec identity.EEPROMSpec) (string, eeprom.Mode, error) {
	if spec.Raw() {
		d, closeDev := m.OpenEEPROM(spec.Bus, spec.Addr, spec.Addr16)
		v, err := eepromField(d, spec)
		closeDev()
		return v, d.Mode(), err
	}
	name := rel(spec.Path)
	if spec.DeviceName() != "" {
		name = "sys/bus/i2c/devices/" + spec.DeviceName() + "/eeprom"
	}
	f, err := eeprom.OpenFile(m.FS, name)
	if err != nil {
		return "", "", fileError("open", "/"+name, err)
	}
	v, err := eepromField(f, spec)
	f.Close()
	return v, eeprom.ModeSysfs, err
}

// eepromField reads what spec's format needs from r and returns the field
// spec names.
func eepromField(r io.ReaderAt, spec identity.EEPROMSpec) (string, error) {
	if spec.Format == "eui48" || spec.Format == "eui64" {
		return eeprom.ReadEUI(r, euiLocation(spec))
	}
	img, err := eeprom.Load(r, spec.Format)
	if err != nil {
		return "", err
	}
	d, err := eeprom.Decode(spec.Format, img)
	if err != nil {
		return "", err
	}
	v, ok := d.Fields.Get(spec.Field)
	if !ok {
		if len(d.Problems) > 0 {
			return "", fmt.Errorf("%s has no field %s; parts of it did not decode: %w", d.Format, identity.QuoteName(spec.Field), errors.Join(d.Problems...))
		}
		return "", fmt.Errorf("%s image has no field %s (it has: %s)", d.Format, identity.QuoteName(spec.Field), fieldKeys(d.Fields))
	}
	return v, nil
}

// euiLocation picks where the EUI is: an AT24MAC's serial-area address
// (0x58-0x5f) or a Microchip 24AA02Exx part.
func euiLocation(spec identity.EEPROMSpec) eeprom.EUILocation {
	mac := spec.Path == "" && eeprom.AT24MACSerialArea(spec.Addr)
	switch {
	case spec.Format == "eui64" && mac:
		return eeprom.EUI64AT24MAC
	case spec.Format == "eui64":
		return eeprom.EUI64Microchip
	case mac:
		return eeprom.EUI48AT24MAC
	}
	return eeprom.EUI48Microchip
}

func fieldKeys(fs eeprom.Fields) string {
	s := ""
	for i, f := range fs {
		if i > 0 {
			s += ", "
		}
		s += f.Key
	}
	if s == "" {
		return "no fields"
	}
	return s
}
