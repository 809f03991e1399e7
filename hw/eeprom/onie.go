package eeprom

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"strconv"
)

// ONIE TlvInfo type codes (ONIE design spec, "Board EEPROM Information Format").
const (
	ONIEProductName     = 0x21
	ONIEPartNumber      = 0x22
	ONIESerialNumber    = 0x23
	ONIEBaseMAC         = 0x24
	ONIEManufactureDate = 0x25
	ONIEDeviceVersion   = 0x26
	ONIELabelRevision   = 0x27
	ONIEPlatformName    = 0x28
	ONIEVersion         = 0x29
	ONIENumMACs         = 0x2a
	ONIEManufacturer    = 0x2b
	ONIECountryCode     = 0x2c
	ONIEVendor          = 0x2d
	ONIEDiagVersion     = 0x2e
	ONIEServiceTag      = 0x2f
	ONIEVendorExtension = 0xfd
	ONIECRC32           = 0xfe
)

const (
	onieMagic     = "TlvInfo\x00"
	onieHeaderLen = 11
	// ONIEMaxSize is the largest TlvInfo image the ONIE spec allows.
	ONIEMaxSize = 2048
)

// onieKeys names the standard type codes 0x21..0x2f in type order.
var onieKeys = [...]string{
	"product_name", "part_number", "serial_number", "base_mac", "manufacture_date",
	"device_version", "label_revision", "platform_name", "onie_version", "num_macs",
	"manufacturer", "country_code", "vendor", "diag_version", "service_tag",
}

// TLV is one ONIE type-length-value record.
type TLV struct {
	Type  byte
	Value []byte
}

// ONIE is a decoded TlvInfo image: its TLVs in image order, without the
// CRC-32 TLV (which Decode has verified).
type ONIE struct {
	Version byte
	TLVs    []TLV
}

// DecodeONIE decodes and verifies a TlvInfo image. Bytes after the CRC TLV
// (the rest of the chip) are ignored.
func DecodeONIE(b []byte) (*ONIE, error) {
	const f = "onie"
	if err := checkBlank(f, b); err != nil {
		return nil, err
	}
	if len(b) < onieHeaderLen {
		return nil, formatErr(f, len(b), ErrTruncated, "the header needs %d bytes, have %d", onieHeaderLen, len(b))
	}
	if string(b[:8]) != onieMagic {
		return nil, formatErr(f, 0, ErrMagic, "want \"TlvInfo\\0\", found %q", b[:8])
	}
	if b[8] != 1 {
		return nil, formatErr(f, 8, ErrValue, "unsupported TlvInfo version %d (want 1)", b[8])
	}
	total := int(binary.BigEndian.Uint16(b[9:]))
	if onieHeaderLen+total > ONIEMaxSize {
		return nil, formatErr(f, 9, ErrLength, "total length %d exceeds the %d-byte ONIE maximum", total, ONIEMaxSize)
	}
	end := onieHeaderLen + total
	if end > len(b) {
		return nil, formatErr(f, len(b), ErrTruncated, "header says %d bytes, image has %d", end, len(b))
	}
	o := &ONIE{Version: b[8]}
	var seen [256]bool
	for off := onieHeaderLen; off < end; {
		if off+2 > end {
			return nil, formatErr(f, off, ErrLength, "TLV header runs past the end of the TLV area (0x%x)", end)
		}
		t, n := b[off], int(b[off+1])
		if off+2+n > end {
			return nil, formatErr(f, off, ErrLength, "TLV 0x%02x of %d bytes runs past the end of the TLV area (0x%x)", t, n, end)
		}
		v := b[off+2 : off+2+n]
		if t == ONIECRC32 {
			if n != 4 || off+6 != end {
				return nil, formatErr(f, off, ErrValue, "the CRC-32 TLV must be the last TLV and 4 bytes long")
			}
			want := binary.BigEndian.Uint32(v)
			if got := crc32.ChecksumIEEE(b[:off+2]); got != want {
				return nil, formatErr(f, off+2, ErrChecksum, "CRC-32 0x%08x stored, 0x%08x computed", want, got)
			}
			return o, nil
		}
		if seen[t] && t != ONIEVendorExtension {
			return nil, formatErr(f, off, ErrValue, "TLV 0x%02x appears twice", t)
		}
		seen[t] = true
		if _, err := onieValue(t, v); err != nil {
			return nil, formatErr(f, off, ErrValue, "TLV 0x%02x: %v", t, err)
		}
		o.TLVs = append(o.TLVs, TLV{t, v})
		off += 2 + n
	}
	return nil, formatErr(f, end, ErrChecksum, "no CRC-32 TLV (0xfe) at the end of the TLV area")
}

// onieValue renders a TLV value as text and checks the fixed-size types.
func onieValue(t byte, v []byte) (string, error) {
	switch t {
	case ONIEBaseMAC:
		if len(v) != 6 {
			return "", errLen(len(v), 6)
		}
		return macString(v), nil
	case ONIEDeviceVersion:
		if len(v) != 1 {
			return "", errLen(len(v), 1)
		}
		return strconv.Itoa(int(v[0])), nil
	case ONIENumMACs:
		if len(v) != 2 {
			return "", errLen(len(v), 2)
		}
		return strconv.Itoa(int(binary.BigEndian.Uint16(v))), nil
	case ONIEVendorExtension:
		return hex.EncodeToString(v), nil
	}
	return trimNUL(string(v)), nil
}

type lengthError struct{ got, want int }

func (e lengthError) Error() string {
	return "value is " + strconv.Itoa(e.got) + " bytes, want " + strconv.Itoa(e.want)
}

func errLen(got, want int) error { return lengthError{got, want} }

// onieKey is the field name of a type code, "" for codes outside the spec.
func onieKey(t byte) string {
	switch {
	case t >= ONIEProductName && t <= ONIEServiceTag:
		return onieKeys[t-ONIEProductName]
	case t == ONIEVendorExtension:
		return "vendor_extension"
	}
	return ""
}

// Fields lists the standard TLVs in type-code order, then the vendor
// extensions (hex) in image order. Unknown type codes are left out.
func (o *ONIE) Fields() Fields {
	var fs Fields
	for t := byte(ONIEProductName); t <= ONIEServiceTag; t++ {
		for _, tlv := range o.TLVs {
			if tlv.Type == t {
				v, _ := onieValue(t, tlv.Value)
				fs.add(onieKey(t), v)
			}
		}
	}
	for _, tlv := range o.TLVs {
		if tlv.Type == ONIEVendorExtension {
			fs.add("vendor_extension", hex.EncodeToString(tlv.Value))
		}
	}
	return fs
}

func trimNUL(s string) string {
	for len(s) > 0 && s[len(s)-1] == 0 {
		s = s[:len(s)-1]
	}
	return s
}
