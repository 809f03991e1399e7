package eeprom

import (
	"encoding/binary"
	"strconv"
	"time"
)

// FRU is a decoded IPMI FRU image (Platform Management FRU Information
// Storage Definition v1.0): the fields of the chassis, board and product
// info areas that decoded, and the areas that did not.
type FRU struct {
	Fields Fields
	// Bad lists the areas the common header points to that failed to
	// decode (bad checksum, truncated, ...). Their fields are absent.
	Bad []*FormatError
	// BadFields are fields of good areas that could not be decoded (a
	// 16-bit Unicode field of odd length); they are absent from Fields.
	BadFields []*FormatError
}

// fruEpoch is the zero of the board manufacturing date, 1996-01-01 00:00
// UTC, in Unix seconds (a constant: time.Date costs space, docs/size.md).
const fruEpoch = 820454400

// fruArea describes one info area: the common-header byte holding its
// offset, how many fixed bytes precede its type/length fields, and the
// keys of its leading type/length fields ("" = decoded and checked, not
// reported).
type fruArea struct {
	name      string
	headerOff int
	fixed     int
	keys      []string
}

var fruAreas = []fruArea{
	{"chassis", 2, 1, []string{"chassis_part_number", "chassis_serial"}},
	{"board", 3, 4, []string{"board_manufacturer", "board_product", "board_serial", "board_part_number"}},
	{"product", 4, 1, []string{"product_manufacturer", "product_name", "product_part_number", "product_version", "product_serial", "product_asset_tag"}},
}

// DecodeFRU decodes the common header and the chassis, board and product
// info areas, verifying every checksum. An area that fails is recorded in
// FRU.Bad and the others are still decoded; the error is non-nil when the
// header is invalid or no area decoded at all. Internal-use and MultiRecord
// areas are not decoded.
func DecodeFRU(b []byte) (*FRU, error) {
	const f = "fru"
	if err := checkBlank(f, b); err != nil {
		return nil, err
	}
	if len(b) < 8 {
		return nil, formatErr(f, len(b), ErrTruncated, "the common header needs 8 bytes, have %d", len(b))
	}
	if b[0] != 0x01 {
		return nil, formatErr(f, 0, ErrMagic, "common header format version 0x%02x, want 0x01", b[0])
	}
	if sum8(b[:8]) != 0 {
		return nil, formatErr(f, 7, ErrChecksum, "common header checksum does not sum to zero")
	}
	fru := &FRU{}
	present := 0
	for _, a := range fruAreas {
		if b[a.headerOff] == 0 {
			continue
		}
		present++
		fs, bad, err := decodeFRUArea(b, int(b[a.headerOff])*8, a)
		if err != nil {
			fru.Bad = append(fru.Bad, err)
			continue
		}
		fru.Fields = append(fru.Fields, fs...)
		fru.BadFields = append(fru.BadFields, bad...)
	}
	switch {
	case present == 0:
		return nil, formatErr(f, 2, ErrValue, "the common header points to no chassis, board or product area")
	case len(fru.Bad) == present:
		return nil, fru.Bad[0]
	}
	return fru, nil
}

func decodeFRUArea(b []byte, off int, a fruArea) (fs Fields, bad []*FormatError, err *FormatError) {
	const f = "fru"
	if off+2 > len(b) {
		return nil, nil, formatErr(f, off, ErrTruncated, "%s area at 0x%x is outside the %d-byte image", a.name, off, len(b))
	}
	if b[off] != 0x01 {
		return nil, nil, formatErr(f, off, ErrValue, "%s area format version 0x%02x, want 0x01", a.name, b[off])
	}
	n := int(b[off+1]) * 8
	if n < 2+a.fixed+2 {
		return nil, nil, formatErr(f, off+1, ErrLength, "%s area length %d bytes is too short", a.name, n)
	}
	if off+n > len(b) {
		return nil, nil, formatErr(f, off+1, ErrTruncated, "%s area of %d bytes at 0x%x runs past the %d-byte image", a.name, n, off, len(b))
	}
	area := b[off : off+n]
	if sum8(area) != 0 {
		return nil, nil, formatErr(f, off+n-1, ErrChecksum, "%s area checksum does not sum to zero", a.name)
	}
	english := true
	switch a.name {
	case "chassis":
		fs.add("chassis_type", strconv.Itoa(int(area[2])))
	case "board":
		english = fruEnglish(area[2])
		if m := fruUint24(area[3:6]); m != 0 {
			fs.add("board_mfg_date", time.Unix(fruEpoch+int64(m)*60, 0).UTC().Format("2006-01-02T15:04:00Z"))
		}
	case "product":
		english = fruEnglish(area[2])
	}
	// Type/length fields follow until the 0xc1 end marker; the last byte
	// is the checksum.
	p := 2 + a.fixed
	for i := 0; ; i++ {
		if p >= n-1 {
			return nil, nil, formatErr(f, off+p, ErrLength, "%s area has no end marker (0xc1)", a.name)
		}
		tl := area[p]
		if tl == 0xc1 {
			return fs, bad, nil
		}
		l := int(tl & 0x3f)
		if p+1+l > n-1 {
			return nil, nil, formatErr(f, off+p, ErrLength, "%s area field of %d bytes runs past the area end", a.name, l)
		}
		v, verr := fruText(tl>>6, area[p+1:p+1+l], english)
		switch {
		case verr != nil:
			bad = append(bad, formatErr(f, off+p, ErrValue, "%s area field %d: %v", a.name, i+1, verr))
		case i < len(a.keys):
			fs.add(a.keys[i], v)
		}
		p += 1 + l
	}
}

// fruEnglish reports whether a language code means English (0 or 25);
// other languages store 8-bit fields as 16-bit Unicode.
func fruEnglish(code byte) bool { return code == 0 || code == 25 }

func sum8(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return s
}

// fruUint24 reads a little-endian 3-byte number.
func fruUint24(b []byte) int { return int(binary.LittleEndian.Uint16(b)) | int(b[2])<<16 }
