package eeprom

// EUILocation is where a factory-programmed EUI sits in a chip's memory.
type EUILocation struct {
	Chip string
	Off  int // offset at the chip's (serial-area) device address
	Len  int // 6 for EUI-48, 8 for EUI-64
}

// Where the EUI parts keep their factory address.
var (
	// Microchip 24AA02E48/24AA025E48: EUI-48 in the write-protected top of
	// the 256-byte array; the chip answers on 0x50-0x57.
	EUI48Microchip = EUILocation{"24AA02E48", 0xfa, 6}
	// Microchip 24AA02E64/24AA025E64.
	EUI64Microchip = EUILocation{"24AA02E64", 0xf8, 8}
	// Atmel/Microchip AT24MAC402/602: separate device address 0x58|A2A1A0.
	EUI48AT24MAC = EUILocation{"AT24MAC402", 0x9a, 6}
	EUI64AT24MAC = EUILocation{"AT24MAC602", 0x98, 8}
)

// AT24MACSerialArea reports whether addr is the device address of an
// AT24MAC402/602's serial-number and EUI area (0x58-0x5f).
func AT24MACSerialArea(addr uint16) bool { return addr >= 0x58 && addr <= 0x5f }

// MicrochipEUI48Layout reports whether a 256-byte image has the layout of
// a 24AA02E48/025E48: the upper half erased but for its last 6 bytes, the
// factory EUI-48 at 0xfa-0xff. Other parts (24AA02UID serials) look the
// same, so only a MAC check of the EUI tells them apart.
func MicrochipEUI48Layout(img []byte) bool {
	if len(img) != 256 {
		return false
	}
	programmed := false // an EUI of 0x00 and 0xff bytes only is none
	for _, c := range img[0xfa:] {
		programmed = programmed || c != 0xff && c != 0
	}
	for _, c := range img[0x80:0xfa] {
		if c != 0xff {
			return false
		}
	}
	return programmed
}

// DecodeEUI returns the EUI at loc in img as lowercase colon hex. img is
// either exactly the EUI (loc.Len bytes, e.g. the at24 driver's 6-byte
// file of a 24mac402) or a dump from offset 0 that covers loc.
// An erased (all 0xff) or zero EUI is an error: the part is not an EUI part
// or was never programmed.
func DecodeEUI(img []byte, loc EUILocation) (string, error) {
	format := "eui48"
	if loc.Len == 8 {
		format = "eui64"
	}
	off := loc.Off
	if len(img) == loc.Len {
		off = 0
	} else if len(img) < loc.Off+loc.Len {
		return "", formatErr(format, len(img), ErrTruncated, "the %s keeps its EUI at 0x%x-0x%x; the image has %d bytes", loc.Chip, loc.Off, loc.Off+loc.Len-1, len(img))
	}
	eui := img[off : off+loc.Len]
	if blank(eui) {
		return "", formatErr(format, off, ErrBlank, "EUI bytes are all 0x%02x: not a %s or not programmed", eui[0], loc.Chip)
	}
	return macString(eui), nil
}
