package eeprom

import (
	"encoding/binary"
	"strings"
)

// Formats are the format names Decode accepts.
var Formats = []string{"auto", "onie", "fru", "am335x", "rpi-hat", "eui48", "eui64"}

// Decoded is the result of Decode.
type Decoded struct {
	Format string // the format decoded (never "auto")
	Fields Fields
	// Problems are parts of the image that failed to decode while the rest
	// did (FRU areas); their fields are absent.
	Problems []error
}

// Decode decodes img as format; "auto" detects ONIE, FRU, AM335x and HAT
// images by their headers (EUIs have no header and must be named).
func Decode(format string, img []byte) (*Decoded, error) {
	if format == "auto" {
		var err error
		if format, err = Detect(img); err != nil {
			return nil, err
		}
	}
	d := &Decoded{Format: format}
	switch format {
	case "onie":
		o, err := DecodeONIE(img)
		if err != nil {
			return nil, err
		}
		d.Fields = o.Fields()
	case "fru":
		fru, err := DecodeFRU(img)
		if err != nil {
			return nil, err
		}
		d.Fields = fru.Fields
		for _, p := range fru.Bad {
			d.Problems = append(d.Problems, p)
		}
		for _, p := range fru.BadFields {
			d.Problems = append(d.Problems, p)
		}
	case "am335x":
		fs, err := DecodeAM335x(img)
		if err != nil {
			return nil, err
		}
		d.Fields = fs
	case "rpi-hat":
		h, err := DecodeHAT(img)
		if err != nil {
			return nil, err
		}
		d.Fields = h.Fields()
	case "eui48", "eui64":
		loc := EUI48Microchip
		if format == "eui64" {
			loc = EUI64Microchip
		}
		v, err := DecodeEUI(img, loc)
		if err != nil {
			return nil, err
		}
		d.Fields = append(make(Fields, 0, 1), Field{format, v})
	default:
		return nil, formatErr(format, 0, ErrUnknownFormat, "unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
	}
	return d, nil
}

// Detect names the format of img from its header.
func Detect(img []byte) (string, error) {
	switch {
	case blank(img):
		return "", checkBlank("auto", img)
	case strings.HasPrefix(string(img), onieMagic):
		return "onie", nil
	case strings.HasPrefix(string(img), "R-Pi"):
		return "rpi-hat", nil
	case strings.HasPrefix(string(img), am335xMagic):
		return "am335x", nil
	case len(img) >= 8 && img[0] == 0x01 && sum8(img[:8]) == 0:
		return "fru", nil
	}
	return "", formatErr("auto", 0, ErrUnknownFormat, "no ONIE, FRU, AM335x or HAT header; for an EUI name the format (eui48, eui64)")
}

// MaxImage bounds how much of a chip Need asks for (a 24c512).
const MaxImage = 64 << 10

// Need returns how many bytes from offset 0 format needs, judging by the
// prefix read so far; more than len(prefix) means read more and ask again.
// It never exceeds MaxImage.
func Need(format string, prefix []byte) int {
	n := need(format, prefix)
	return min(n, MaxImage)
}

func need(format string, b []byte) int {
	const first = 256
	switch format {
	case "auto":
		f, err := Detect(b)
		if err != nil {
			if len(b) < first && !blank(b) {
				return first
			}
			return len(b)
		}
		return need(f, b)
	case "onie":
		if len(b) < onieHeaderLen {
			return first
		}
		return onieHeaderLen + int(binary.BigEndian.Uint16(b[9:]))
	case "rpi-hat":
		if len(b) < hatHeaderLen {
			return first
		}
		return int(min(binary.LittleEndian.Uint32(b[8:]), MaxImage))
	case "am335x":
		return 88
	case "fru":
		if len(b) < 8 {
			return first
		}
		n := 8
		for _, a := range fruAreas {
			o := int(b[a.headerOff]) * 8
			switch {
			case o == 0:
			case o+2 > len(b):
				n = max(n, o+2)
			default:
				n = max(n, o+int(b[o+1])*8)
			}
		}
		return n
	}
	return first
}
