package identity

import (
	"fmt"
	"strconv"
	"strings"
)

// EEPROMSpec is the argument of an eeprom: source, LOCATION:FORMAT[:FIELD]:
//
//	eeprom:i2c-0@0x50:onie:serial_number     raw bus access (/dev/i2c-0, address 0x50)
//	eeprom:i2c-1@0x54/16:fru:board_serial    the same for a 24c32 or larger (2-byte word addresses)
//	eeprom:0-0050:eui48                      the at24 driver's sysfs file of device 0-0050
//	eeprom:/sys/bus/nvmem/devices/0-00500/nvmem:fru:board_serial
//
// The location is a raw bus (i2c-N@ADDR, with "/16" for 2-byte word
// addresses; "/8", the default, for 24c01-24c16), an I²C device name as
// the kernel names it (N-00AA), or an absolute path to an eeprom/nvmem
// file. 1-byte addressing is the default because it is the safe guess:
// sending two address bytes to a 1-byte part writes to it. FORMAT is one
// of EEPROMFormats; FIELD is the decoded key (omitted for eui48/eui64).
// The grammar is documented in docs/eeprom.md.
type EEPROMSpec struct {
	Bus    int    // raw bus number, -1 when not raw
	Addr   uint16 // 7-bit device address (raw and device-name forms)
	Addr16 bool   // raw form: 2-byte word addresses ("/16")
	Path   string // absolute file path form
	Format string
	Field  string

	devName string
}

// EEPROMFormats are the decoders an eeprom: source can name.
var EEPROMFormats = []string{"onie", "fru", "am335x", "rpi-hat", "eui48", "eui64", "auto"}

// Raw reports whether the spec reads the chip directly over /dev/i2c-N.
func (s EEPROMSpec) Raw() bool { return s.Bus >= 0 && s.devName == "" }

// DeviceName is the kernel's name of the I²C device ("0-0050"), or "" for the path form.
func (s EEPROMSpec) DeviceName() string { return s.devName }

// ParseEEPROMSpec parses the part after "eeprom:".
func ParseEEPROMSpec(arg string) (EEPROMSpec, error) {
	bad := func(why string) (EEPROMSpec, error) {
		return EEPROMSpec{}, fmt.Errorf("%w eeprom spec %s: %s (want LOCATION:FORMAT[:FIELD], e.g. i2c-0@0x50:onie:serial_number)", ErrUnknownSource, Quote(arg), why)
	}
	parts := strings.Split(arg, ":")
	if len(parts) < 2 {
		return bad("missing format")
	}
	s := EEPROMSpec{Bus: -1}
	last := parts[len(parts)-1]
	if last == "eui48" || last == "eui64" {
		s.Format = last
		parts = parts[:len(parts)-1]
	} else {
		if len(parts) < 3 {
			return bad("missing field")
		}
		s.Format, s.Field = parts[len(parts)-2], last
		parts = parts[:len(parts)-2]
		if !ValidKey(s.Field) {
			return bad("invalid field " + Quote(s.Field))
		}
	}
	if !knownFormat(s.Format) {
		return bad("unknown format " + Quote(s.Format) + " (use " + strings.Join(EEPROMFormats, ", ") + ")")
	}
	loc := strings.Join(parts, ":")
	switch {
	case strings.HasPrefix(loc, "/"):
		s.Path = loc
	case strings.HasPrefix(loc, "i2c-"):
		bus, addr, ok := strings.Cut(strings.TrimPrefix(loc, "i2c-"), "@")
		addr, width, slash := strings.Cut(addr, "/")
		n, err1 := strconv.Atoi(bus)
		a, err2 := strconv.ParseUint(addr, 0, 8)
		if !ok || err1 != nil || err2 != nil || n < 0 || a < 0x03 || a > 0x77 {
			return bad("raw location must be i2c-N@0xAA[/16] with a 7-bit address 0x03-0x77")
		}
		if slash && width != "8" && width != "16" {
			return bad("word address width must be /8 (24c01-24c16) or /16 (24c32 and larger)")
		}
		s.Bus, s.Addr, s.Addr16 = n, uint16(a), width == "16"
	default:
		bus, addr, ok := strings.Cut(loc, "-")
		n, err1 := strconv.Atoi(bus)
		a, err2 := strconv.ParseUint(addr, 16, 16)
		if !ok || len(addr) != 4 || err1 != nil || err2 != nil || n < 0 || a > 0x3ff {
			return bad("location must be i2c-N@0xAA, a device name like 0-0050, or an absolute path")
		}
		s.Bus, s.Addr, s.devName = n, uint16(a), loc
	}
	return s, nil
}

func knownFormat(f string) bool {
	for _, k := range EEPROMFormats {
		if f == k {
			return true
		}
	}
	return false
}
