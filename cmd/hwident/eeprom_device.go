package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
	"periph.io/x/host/v3/sysfs"
)

// openEEPROM gives raw access to a chip: periph's /dev/i2c-N for plain
// I²C transfers, the same node as an SMBus handle for adapters without
// them, and the at24 file under the root when the raw address is busy.
// periph opens /dev/i2c-N itself, so raw access needs the real root;
// under --root only the at24 fallback can work. close releases what was
// opened.
func (m *machine) openEEPROM(bus int, addr uint16, addr16 bool) (d *eeprom.Device, close func()) {
	d = &eeprom.Device{Root: m.fsys, BusNum: bus, Addr: addr, Addr16: addr16}
	var closers []func() error
	close = func() {
		d.Close()
		for _, c := range closers {
			c()
		}
	}
	if m.root != "/" {
		d.BusErr = &eeprom.ReadError{Bus: bus, Addr: addr, Class: eeprom.ErrNoBus,
			Err: fmt.Errorf("raw I²C access needs the real root, not %s", m.root)}
		return d, close
	}
	b, err := sysfs.NewI2C(bus)
	if err != nil {
		d.BusErr = eeprom.OpenError(bus, err)
		return d, close
	}
	d.Bus = b
	closers = append(closers, b.Close)
	if f, err := os.OpenFile(fmt.Sprintf("/dev/i2c-%d", bus), os.O_RDWR, 0); err == nil {
		d.SMBus = eeprom.NewSMBusFile(f)
		closers = append(closers, f.Close)
	}
	return d, close
}

// eepromReader opens the location of spec: the raw bus, the at24 file of
// an I²C device, or a file path, all under the machine root.
func (m *machine) eepromReader(spec identity.EEPROMSpec) (r io.ReaderAt, mode func() eeprom.Mode, close func(), err error) {
	if spec.Raw() {
		d, closeDev := m.openEEPROM(spec.Bus, spec.Addr, spec.Addr16)
		return d, d.Mode, closeDev, nil
	}
	name := rel(spec.Path)
	if spec.DeviceName() != "" {
		name = "sys/bus/i2c/devices/" + spec.DeviceName() + "/eeprom"
	}
	f, err := eeprom.OpenFile(m.fsys, name)
	if err != nil {
		return nil, nil, nil, fileError("open", "/"+name, err)
	}
	return f, func() eeprom.Mode { return eeprom.ModeSysfs }, func() { f.Close() }, nil
}

// readEEPROM reads and decodes spec and returns the field it names, and
// how the chip was read.
func (m *machine) readEEPROM(spec identity.EEPROMSpec) (string, eeprom.Mode, error) {
	r, mode, closeFn, err := m.eepromReader(spec)
	if err != nil {
		return "", "", err
	}
	defer closeFn()
	if spec.Format == "eui48" || spec.Format == "eui64" {
		v, err := eeprom.ReadEUI(r, euiLocation(spec))
		return v, mode(), err
	}
	img, err := eeprom.Load(r, spec.Format)
	if err != nil {
		return "", mode(), err
	}
	d, err := eeprom.Decode(spec.Format, img)
	if err != nil {
		return "", mode(), err
	}
	v, ok := d.Fields.Get(spec.Field)
	if !ok {
		if len(d.Problems) > 0 {
			return "", mode(), fmt.Errorf("%s has no field %s; parts of it did not decode: %w", d.Format, identity.QuoteName(spec.Field), errors.Join(d.Problems...))
		}
		return "", mode(), fmt.Errorf("%s image has no field %s (it has: %s)", d.Format, identity.QuoteName(spec.Field), fieldKeys(d.Fields))
	}
	return v, mode(), nil
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
