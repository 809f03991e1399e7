package eeprom

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"strconv"
	"strings"
)

// EncodeONIE builds a TlvInfo image (version 1) from tlvs, in the order
// given, followed by the CRC-32 TLV. The image is exactly as long as the
// header says; pad it with 0xff to the chip size when programming.
func EncodeONIE(tlvs []TLV) ([]byte, error) {
	const f = "onie"
	b := append([]byte(onieMagic), 1, 0, 0)
	var seen [256]bool
	for _, t := range tlvs {
		if t.Type == ONIECRC32 {
			return nil, formatErr(f, len(b), ErrValue, "the CRC-32 TLV is added by the encoder, do not pass it")
		}
		if seen[t.Type] && t.Type != ONIEVendorExtension {
			return nil, formatErr(f, len(b), ErrValue, "TLV 0x%02x given twice", t.Type)
		}
		seen[t.Type] = true
		if len(t.Value) > 255 {
			return nil, formatErr(f, len(b), ErrLength, "TLV 0x%02x value is %d bytes, at most 255 fit", t.Type, len(t.Value))
		}
		if _, err := onieValue(t.Type, t.Value); err != nil {
			return nil, formatErr(f, len(b), ErrValue, "TLV 0x%02x: %v", t.Type, err)
		}
		b = append(b, t.Type, byte(len(t.Value)))
		b = append(b, t.Value...)
	}
	if len(b)+6 > ONIEMaxSize {
		return nil, formatErr(f, len(b), ErrLength, "image would be %d bytes, the ONIE maximum is %d", len(b)+6, ONIEMaxSize)
	}
	binary.BigEndian.PutUint16(b[9:], uint16(len(b)+6-onieHeaderLen))
	b = append(b, ONIECRC32, 4)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b)), nil
}

// ONIETLV turns a decoded field (as Fields prints it) back into a TLV, so
// an image can be programmed from key=value lines.
func ONIETLV(fd Field) (TLV, error) {
	bad := func(msg string) (TLV, error) {
		return TLV{}, formatErr("onie", 0, ErrValue, "field %s=%q: %s", fd.Key, fd.Value, msg)
	}
	if fd.Key == "vendor_extension" {
		v, err := hex.DecodeString(fd.Value)
		if err != nil {
			return bad("want hex digits")
		}
		return TLV{ONIEVendorExtension, v}, nil
	}
	for i, k := range onieKeys {
		if k != fd.Key {
			continue
		}
		t := byte(ONIEProductName + i)
		switch t {
		case ONIEBaseMAC:
			v, err := hex.DecodeString(strings.ReplaceAll(fd.Value, ":", ""))
			if err != nil || len(v) != 6 || len(fd.Value) != 17 {
				return bad("want a MAC like 00:11:22:33:44:55")
			}
			return TLV{t, v}, nil
		case ONIEDeviceVersion:
			n, err := strconv.ParseUint(fd.Value, 10, 8)
			if err != nil {
				return bad("want a number 0-255")
			}
			return TLV{t, []byte{byte(n)}}, nil
		case ONIENumMACs:
			n, err := strconv.ParseUint(fd.Value, 10, 16)
			if err != nil {
				return bad("want a number 0-65535")
			}
			return TLV{t, binary.BigEndian.AppendUint16(nil, uint16(n))}, nil
		}
		return TLV{t, []byte(fd.Value)}, nil
	}
	return bad("not an ONIE field name")
}
