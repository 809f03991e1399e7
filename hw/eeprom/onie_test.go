package eeprom

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/golden"
)

// onieAllFields has every standard type code and a vendor extension.
var onieAllFields = Fields{
	{"product_name", "Widget 9000"}, {"part_number", "W9K-01"}, {"serial_number", "WS2511000042"},
	{"base_mac", "00:11:22:33:44:55"}, {"manufacture_date", "11/23/2026 12:00:00"},
	{"device_version", "3"}, {"label_revision", "R02"}, {"platform_name", "x86_64-widget-r0"},
	{"onie_version", "2023.05"}, {"num_macs", "258"}, {"manufacturer", "Acme"},
	{"country_code", "CZ"}, {"vendor", "Acme Networks"}, {"diag_version", "1.2.3"},
	{"service_tag", "ST-1"}, {"vendor_extension", "00001f7901020304"},
}

func encodeFields(t testing.TB, fs Fields) []byte {
	t.Helper()
	var tlvs []TLV
	for _, f := range fs {
		tlv, err := ONIETLV(f)
		if err != nil {
			t.Fatal(err)
		}
		tlvs = append(tlvs, tlv)
	}
	img, err := EncodeONIE(tlvs)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestONIERoundTrip(t *testing.T) {
	img := encodeFields(t, onieAllFields)
	o, err := DecodeONIE(img)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Fields(); !slices.Equal(got, onieAllFields) {
		t.Errorf("fields:\n got %q\nwant %q", got, onieAllFields)
	}
	// A chip is erased to 0xff beyond the image; that must not matter.
	padded := append(bytes.Clone(img), bytes.Repeat([]byte{0xff}, 256-len(img))...)
	if _, err := DecodeONIE(padded); err != nil {
		t.Errorf("padded image: %v", err)
	}
	golden.Check(t, filepath.Join("testdata", "built", "onie-all-fields.bin.hex.golden"), []byte(hexDump(img)))
}

// hexDump is a stable text form of a built image for golden files.
func hexDump(b []byte) string {
	const digits = "0123456789abcdef"
	var out []byte
	for i, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
		if i%16 == 15 || i == len(b)-1 {
			out = append(out, '\n')
		} else {
			out = append(out, ' ')
		}
	}
	return string(out)
}

// withCRC recomputes the CRC TLV of an exact-length image after a mutation.
func withCRC(b []byte) []byte {
	binary.BigEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

func TestONIEErrors(t *testing.T) {
	good := encodeFields(t, Fields{{"serial_number", "S1"}, {"base_mac", "00:11:22:33:44:55"}})
	// good: header 0-10, 0x23 at 11 (len 2), 0x24 at 15 (len 6), 0xfe at 23.
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []formatErrCase{
		{"erased", bytes.Repeat([]byte{0xff}, 256), ErrBlank, 0},
		{"zeroed", make([]byte, 256), ErrBlank, 0},
		{"short", []byte("TlvInfo"), ErrTruncated, 7},
		{"magic", mut(func(b []byte) []byte { b[0] = 't'; return b }), ErrMagic, 0},
		{"version", mut(func(b []byte) []byte { b[8] = 2; return b }), ErrValue, 8},
		{"total over max", mut(func(b []byte) []byte { b[9] = 0x08; return b }), ErrLength, 9},
		{"truncated", good[:len(good)-1], ErrTruncated, len(good) - 1},
		{"crc", mut(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), ErrChecksum, len(good) - 4},
		{"data changed", mut(func(b []byte) []byte { b[13] = 'X'; return b }), ErrChecksum, len(good) - 4},
		{"tlv overruns area", mut(func(b []byte) []byte { b[16] = 200; return b }), ErrLength, 15},
		{"no crc tlv", mut(func(b []byte) []byte { b[23] = 0x2f; return withCRC(b) }), ErrChecksum, len(good)},
		{"crc not last", mut(func(b []byte) []byte {
			b = append(b[:11], 0xfe, 4, 0, 0, 0, 0, 0x23, 0)
			binary.BigEndian.PutUint16(b[9:], uint16(len(b)-11))
			return b
		}), ErrValue, 11},
		{"duplicate", mut(func(b []byte) []byte { b[15] = 0x23; return withCRC(b) }), ErrValue, 15},
		{"mac length", mut(func(b []byte) []byte { b[11] = 0x24; return withCRC(b) }), ErrValue, 11},
	}
	checkFormatErrors(t, "onie", func(b []byte) error { _, err := DecodeONIE(b); return err }, tests)
}

func TestONIEEncodeRejects(t *testing.T) {
	for _, tlvs := range [][]TLV{
		{{ONIECRC32, []byte{0, 0, 0, 0}}},
		{{ONIESerialNumber, []byte("a")}, {ONIESerialNumber, []byte("b")}},
		{{ONIEBaseMAC, []byte{1, 2, 3}}},
		{{ONIEProductName, make([]byte, 256)}},
		slices.Repeat([]TLV{{ONIEVendorExtension, make([]byte, 255)}}, 8),
	} {
		if img, err := EncodeONIE(tlvs); !errors.Is(err, ErrValue) && !errors.Is(err, ErrLength) {
			t.Errorf("EncodeONIE(%d TLVs) = %d bytes, %v; want an error", len(tlvs), len(img), err)
		}
	}
	for _, f := range []Field{{"base_mac", "00:11:22:33:44"}, {"num_macs", "70000"}, {"device_version", "x"}, {"vendor_extension", "zz"}, {"colour", "red"}} {
		if _, err := ONIETLV(f); !errors.Is(err, ErrValue) {
			t.Errorf("ONIETLV(%v) error = %v, want ErrValue", f, err)
		}
	}
}

func FuzzONIE(f *testing.F) {
	f.Add(encodeFields(f, onieAllFields))
	if files, _ := filepath.Glob(filepath.Join(realdataDirOrEmpty(), "onie", "*")); files != nil {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var o *ONIE
		var err error
		checkAllocBound(t, len(b), func() { o, err = DecodeONIE(b) })
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Off < 0 || fe.Off > len(b) {
				t.Fatalf("error %v is not a FormatError within the image", err)
			}
			return
		}
		// Round trip: what we print can be programmed back and reads the same.
		fs := o.Fields()
		var tlvs []TLV
		for _, fd := range fs {
			tlv, err := ONIETLV(fd)
			if err != nil {
				t.Fatalf("decoded field %v does not re-encode: %v", fd, err)
			}
			tlvs = append(tlvs, tlv)
		}
		img, err := EncodeONIE(tlvs)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		o2, err := DecodeONIE(img)
		if err != nil {
			t.Fatalf("decode of re-encoded image: %v", err)
		}
		if got := o2.Fields(); !slices.Equal(got, fs) {
			t.Fatalf("round trip:\n got %q\nwant %q", got, fs)
		}
	})
}
