package eeprom

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

var hatUUID = [16]byte{0x91, 0xec, 0x75, 0x00, 0x8c, 0x5f, 0x40, 0x3a, 0x91, 0xf3, 0x89, 0x97, 0x71, 0x73, 0xdc, 0x01}

func TestHATBuilt(t *testing.T) {
	img := buildHAT(hatUUID, 0x6c20, 0x0100, "Acme", "Sensor HAT")
	h, err := DecodeHAT(img)
	if err != nil {
		t.Fatal(err)
	}
	want := Fields{{"uuid", "91ec7500-8c5f-403a-91f3-89977173dc01"}, {"product_id", "0x6c20"},
		{"product_version", "0x0100"}, {"vendor", "Acme"}, {"product", "Sensor HAT"}}
	if got := h.Fields(); !slices.Equal(got, want) {
		t.Errorf("fields:\n got %q\nwant %q", got, want)
	}
	if len(h.Atoms) != 2 || h.Atoms[1].Type != 2 {
		t.Errorf("atoms = %+v, want vendor and GPIO atoms", h.Atoms)
	}
}

func TestCRC16ARC(t *testing.T) {
	// The CRC-16/ARC check value of "123456789" is 0xbb3d.
	if got := crc16ARC([]byte("123456789")); got != 0xbb3d {
		t.Errorf("crc16ARC = 0x%04x, want 0xbb3d", got)
	}
}

func TestHATErrors(t *testing.T) {
	good := buildHAT(hatUUID, 1, 1, "Acme", "HAT")
	vendorEnd := 12 + 8 + 22 + 4 + 3 // first atom's data end, where its CRC is
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []formatErrCase{
		{"erased", bytes.Repeat([]byte{0xff}, 64), ErrBlank, 0},
		{"magic", mut(func(b []byte) []byte { b[0] = 'r'; return b }), ErrMagic, 0},
		{"short", good[:8], ErrTruncated, 8},
		{"version", mut(func(b []byte) []byte { b[4] = 3; return b }), ErrValue, 4},
		{"eeplen past image", mut(func(b []byte) []byte { b[9]++; return b }), ErrTruncated, 8},
		{"eeplen tiny", mut(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 4); return b }), ErrLength, 8},
		{"crc", mut(func(b []byte) []byte { b[30] ^= 1; return b }), ErrChecksum, vendorEnd},
		{"dlen past image", mut(func(b []byte) []byte { b[17] = 1; return b }), ErrLength, 16},
		{"too many atoms", mut(func(b []byte) []byte { b[6] = 3; return b }), ErrLength, len(good)},
		{"no vendor atom", mut(func(b []byte) []byte { b[6] = 0; return b }), ErrValue, 12},
	}
	checkFormatErrors(t, "rpi-hat", func(b []byte) error { _, err := DecodeHAT(b); return err }, tests)
}

func FuzzHAT(f *testing.F) {
	f.Add(buildHAT(hatUUID, 1, 2, "Acme", "HAT"), hatUUID[:], uint16(1), uint16(2), "Acme", "HAT")
	f.Fuzz(func(t *testing.T, b []byte, uuid []byte, pid, pver uint16, vendor, product string) {
		var err error
		checkAllocBound(t, len(b), func() { _, err = DecodeHAT(b) })
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v is not a FormatError", err)
		}
		if len(uuid) != 16 || len(vendor) > 255 || len(product) > 255 ||
			bytes.HasSuffix([]byte(vendor), []byte{0}) || bytes.HasSuffix([]byte(product), []byte{0}) {
			return
		}
		var u [16]byte
		copy(u[:], uuid)
		h, err := DecodeHAT(buildHAT(u, pid, pver, vendor, product))
		if err != nil {
			t.Fatal(err)
		}
		if h.UUID != u || h.ProductID != pid || h.ProductVersion != pver || h.Vendor != vendor || h.Product != product {
			t.Fatalf("round trip: got %+v", h)
		}
	})
}
