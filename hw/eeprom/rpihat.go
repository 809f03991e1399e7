package eeprom

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
)

// HAT atom types used here (Raspberry Pi HAT and HAT+ EEPROM specs).
const (
	HATAtomVendorInfo = 0x0001
)

// HAT is a decoded Raspberry Pi HAT (format 1) or HAT+ (format 2) EEPROM.
type HAT struct {
	FormatVersion  byte
	UUID           [16]byte // RFC 4122 byte order
	ProductID      uint16
	ProductVersion uint16
	Vendor         string
	Product        string
	Atoms          []HATAtom
}

// HATAtom is one atom; its CRC has been verified.
type HATAtom struct {
	Type  uint16
	Count uint16
	Data  []byte
}

const hatHeaderLen, hatAtomHeaderLen = 12, 8

// DecodeHAT decodes a HAT/HAT+ image: "R-Pi", version, reserved, u16 atom
// count, u32 image length, then atoms (type u16, count u16, dlen u32, data,
// CRC-16), all little-endian. Every atom's CRC is verified; the vendor info
// atom is required.
func DecodeHAT(b []byte) (*HAT, error) {
	const f = "rpi-hat"
	if err := checkBlank(f, b); err != nil {
		return nil, err
	}
	if len(b) < hatHeaderLen {
		if len(b) >= 4 && string(b[:4]) != "R-Pi" {
			return nil, formatErr(f, 0, ErrMagic, "want \"R-Pi\", found %q", b[:4])
		}
		return nil, formatErr(f, len(b), ErrTruncated, "the header needs %d bytes, have %d", hatHeaderLen, len(b))
	}
	if string(b[:4]) != "R-Pi" {
		return nil, formatErr(f, 0, ErrMagic, "want \"R-Pi\", found %q", b[:4])
	}
	h := &HAT{FormatVersion: b[4]}
	if h.FormatVersion != 1 && h.FormatVersion != 2 {
		return nil, formatErr(f, 4, ErrValue, "format version %d, want 1 (HAT) or 2 (HAT+)", b[4])
	}
	count := int(binary.LittleEndian.Uint16(b[6:]))
	eeplen := binary.LittleEndian.Uint32(b[8:])
	if eeplen < hatHeaderLen {
		return nil, formatErr(f, 8, ErrLength, "image length %d is shorter than the header", eeplen)
	}
	if uint64(eeplen) > uint64(len(b)) {
		return nil, formatErr(f, 8, ErrTruncated, "header says %d bytes, image has %d", eeplen, len(b))
	}
	end := int(eeplen)
	off := hatHeaderLen
	vendorSeen := false
	for i := 0; i < count; i++ {
		if off+hatAtomHeaderLen > end {
			return nil, formatErr(f, off, ErrLength, "atom %d of %d starts past the image end (0x%x)", i+1, count, end)
		}
		typ := binary.LittleEndian.Uint16(b[off:])
		acount := binary.LittleEndian.Uint16(b[off+2:])
		dlen := binary.LittleEndian.Uint32(b[off+4:])
		if dlen < 2 || uint64(dlen) > uint64(end-off-hatAtomHeaderLen) {
			return nil, formatErr(f, off+4, ErrLength, "atom %d data length %d does not fit the image", i+1, dlen)
		}
		dend := off + hatAtomHeaderLen + int(dlen) - 2
		want := binary.LittleEndian.Uint16(b[dend:])
		if got := crc16ARC(b[off:dend]); got != want {
			return nil, formatErr(f, dend, ErrChecksum, "atom %d CRC-16 0x%04x stored, 0x%04x computed", i+1, want, got)
		}
		data := b[off+hatAtomHeaderLen : dend]
		h.Atoms = append(h.Atoms, HATAtom{typ, acount, data})
		if typ == HATAtomVendorInfo && !vendorSeen {
			if err := h.vendorInfo(data, off+hatAtomHeaderLen); err != nil {
				return nil, err
			}
			vendorSeen = true
		}
		off = dend + 2
	}
	if !vendorSeen {
		return nil, formatErr(f, hatHeaderLen, ErrValue, "no vendor info atom")
	}
	return h, nil
}

// vendorInfo decodes the vendor atom: UUID as four u32 least significant
// first (so the 16 bytes are the RFC 4122 bytes reversed), pid, pver,
// vendor and product string lengths, strings.
func (h *HAT) vendorInfo(d []byte, base int) error {
	const f = "rpi-hat"
	if len(d) < 22 {
		return formatErr(f, base, ErrLength, "vendor info atom is %d bytes, needs at least 22", len(d))
	}
	for i := range h.UUID {
		h.UUID[i] = d[15-i]
	}
	h.ProductID = binary.LittleEndian.Uint16(d[16:])
	h.ProductVersion = binary.LittleEndian.Uint16(d[18:])
	vs, ps := int(d[20]), int(d[21])
	if 22+vs+ps > len(d) {
		return formatErr(f, base+20, ErrLength, "vendor (%d) and product (%d) strings run past the vendor atom", vs, ps)
	}
	h.Vendor = trimNUL(string(d[22 : 22+vs]))
	h.Product = trimNUL(string(d[22+vs : 22+vs+ps]))
	return nil
}

// UUIDString formats the product UUID as 8-4-4-4-12 lowercase hex.
func (h *HAT) UUIDString() string {
	s := hex.EncodeToString(h.UUID[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// Fields lists uuid, product_id, product_version (hex, as eeprom_settings.txt
// spells them), vendor and product. A zero UUID is left out.
func (h *HAT) Fields() Fields {
	var fs Fields
	if h.UUID != [16]byte{} {
		fs.add("uuid", h.UUIDString())
	}
	fs.add("product_id", hex16(h.ProductID))
	fs.add("product_version", hex16(h.ProductVersion))
	fs.add("vendor", h.Vendor)
	fs.add("product", h.Product)
	return fs
}

func hex16(v uint16) string {
	s := strconv.FormatUint(uint64(v), 16)
	for len(s) < 4 {
		s = "0" + s
	}
	return "0x" + s
}

// crc16ARC is CRC-16/ARC (poly 0x8005 reflected, init 0), the atom CRC.
func crc16ARC(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xa001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}
