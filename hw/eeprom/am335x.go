package eeprom

import (
	"encoding/hex"
	"strings"
)

// am335xMagic is 0xEE3355AA stored little-endian.
const am335xMagic = "\xaa\x55\x33\xee"

// DecodeAM335x decodes the TI AM335x board-ID header that BeagleBone and
// TI EVM boards keep at offset 0 of their 0x50 EEPROM:
//
//	0 magic, 4 name[8], 12 version[4], 16 serial[12], 28 config[32], 60 mac[3][6]
//
// BeagleBone cape EEPROMs share the magic; their header (revision "A0".."A2"
// at offset 4) is decoded as a cape (see decodeCape). Strings are ASCII
// padded with 0xff or 0x00. The header has no checksum, so non-printable
// name, version or serial bytes are reported as errors rather than
// guessed at. Absent (blank or beyond the image) config and MACs are left out.
func DecodeAM335x(b []byte) (Fields, error) {
	const f = "am335x"
	if err := checkBlank(f, b); err != nil {
		return nil, err
	}
	if len(b) < 4 || string(b[:4]) != am335xMagic {
		if len(b) < 4 {
			return nil, formatErr(f, len(b), ErrTruncated, "the magic needs 4 bytes, have %d", len(b))
		}
		return nil, formatErr(f, 0, ErrMagic, "want aa 55 33 ee, found % x", b[:4])
	}
	if len(b) >= 6 && b[4] == 'A' && b[5] >= '0' && b[5] <= '2' {
		return decodeCape(b)
	}
	if len(b) < 28 {
		return nil, formatErr(f, len(b), ErrTruncated, "name, version and serial need 28 bytes, have %d", len(b))
	}
	var fs Fields
	for _, s := range []struct {
		key      string
		off, len int
	}{{"board_name", 4, 8}, {"board_version", 12, 4}, {"serial", 16, 12}} {
		v, err := am335xText(f, b, s.off, s.len, s.key, true)
		if err != nil {
			return nil, err
		}
		fs.add(s.key, v)
	}
	if len(b) >= 60 {
		cfg := b[28:60]
		if v, err := am335xText(f, b, 28, 32, "config", true); err == nil {
			fs.add("config", v)
		} else if !blank(cfg) {
			fs.add("config", hex.EncodeToString(cfg))
		}
	}
	for i, key := range []string{"mac0", "mac1", "mac2"} {
		off := 60 + 6*i
		if off+6 <= len(b) && !blank(b[off:off+6]) {
			fs.add(key, macString(b[off:off+6]))
		}
	}
	if _, ok := fs.Get("board_name"); !ok {
		return nil, formatErr(f, 4, ErrValue, "board name is empty")
	}
	return fs, nil
}

// decodeCape decodes a BeagleBone cape header (SRM "cape EEPROM contents"):
//
//	4 revision[2], 6 board name[32], 38 version[4], 42 manufacturer[16],
//	58 part number[16], 74 pin count[2], 76 serial[12]
func decodeCape(b []byte) (Fields, error) {
	const f = "am335x"
	if len(b) < 88 {
		return nil, formatErr(f, len(b), ErrTruncated, "a cape header (revision %q) needs 88 bytes, have %d", b[4:6], len(b))
	}
	var fs Fields
	for _, s := range []struct {
		key      string
		off, len int
		strict   bool
	}{{"board_name", 6, 32, true}, {"board_version", 38, 4, true}, {"manufacturer", 42, 16, false}, {"part_number", 58, 16, false}, {"serial", 76, 12, true}} {
		v, err := am335xText(f, b, s.off, s.len, s.key, s.strict)
		if err != nil {
			return nil, err
		}
		fs.add(s.key, v)
	}
	return fs, nil
}

// am335xText returns the printable ASCII text of a padded field: text up
// to the first 0xff or 0x00. Identity fields (strict) must be padding to
// the end after that and may not hold control bytes, which catches
// mis-programmed boards; descriptive cape fields keep the text before a
// stray byte.
func am335xText(format string, b []byte, off, n int, key string, strict bool) (string, error) {
	d := b[off : off+n]
	end := len(d)
	for i, c := range d {
		if c == 0xff || c == 0x00 {
			end = i
			break
		}
	}
	for i, c := range d[:end] {
		if c < 0x20 || c > 0x7e {
			return "", formatErr(format, off+i, ErrValue, "%s contains byte 0x%02x: not printable ASCII (mis-programmed EEPROM?)", key, c)
		}
	}
	if strict {
		for i, c := range d[end:] {
			if c != d[end] {
				return "", formatErr(format, off+end+i, ErrValue, "%s has byte 0x%02x after its padding (mis-programmed EEPROM?)", key, c)
			}
		}
	}
	return strings.TrimRight(string(d[:end]), " "), nil
}
