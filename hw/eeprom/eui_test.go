package eeprom

import (
	"bytes"
	"errors"
	"testing"
)

func TestDecodeEUI(t *testing.T) {
	chip := bytes.Repeat([]byte{0xff}, 256)
	copy(chip[0xf8:], []byte{0x80, 0x34, 0x28, 0xff, 0xfe, 0x72, 0xbd, 0xd7})
	mac := []byte{0x80, 0x34, 0x28, 0x72, 0xbd, 0xd7}
	tests := []struct {
		name  string
		img   []byte
		loc   EUILocation
		want  string
		class error
	}{
		{"24AA02E48 dump", append(bytes.Repeat([]byte{0xff}, 0xfa), mac...), EUI48Microchip, "80:34:28:72:bd:d7", nil},
		{"24AA02E64 dump", chip, EUI64Microchip, "80:34:28:ff:fe:72:bd:d7", nil},
		{"at24 24mac402 file", mac, EUI48AT24MAC, "80:34:28:72:bd:d7", nil},
		{"AT24MAC602 area dump", append(make([]byte, 0x98), chip[0xf8:]...), EUI64AT24MAC, "80:34:28:ff:fe:72:bd:d7", nil},
		{"erased", bytes.Repeat([]byte{0xff}, 256), EUI48Microchip, "", ErrBlank},
		{"short", make([]byte, 100), EUI48Microchip, "", ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeEUI(tt.img, tt.loc)
			if got != tt.want || !errors.Is(err, tt.class) {
				t.Errorf("DecodeEUI = %q, %v; want %q, %v", got, err, tt.want, tt.class)
			}
		})
	}
	if !AT24MACSerialArea(0x5a) || AT24MACSerialArea(0x50) {
		t.Error("AT24MACSerialArea misclassifies 0x5a or 0x50")
	}
}

func FuzzEUI(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0x12}, 256))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, loc := range []EUILocation{EUI48Microchip, EUI64Microchip, EUI48AT24MAC, EUI64AT24MAC} {
			got, err := DecodeEUI(b, loc)
			if err != nil {
				continue
			}
			if len(got) != 3*loc.Len-1 || blank(b) && len(b) == loc.Len {
				t.Fatalf("DecodeEUI(%d bytes, %s) = %q", len(b), loc.Chip, got)
			}
		}
	})
}

func TestMicrochipEUI48Layout(t *testing.T) {
	chip := func(eui ...byte) []byte {
		img := bytes.Repeat([]byte{0xff}, 256)
		copy(img, "user data")
		copy(img[0xfa:], eui)
		return img
	}
	tests := []struct {
		name string
		img  []byte
		want bool
	}{
		{"factory EUI", chip(0x00, 0x04, 0xa3, 0x12, 0x34, 0x56), true},
		{"erased EUI", chip(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), false},
		{"zero EUI", chip(0, 0, 0, 0, 0, 0), false},
		{"0x00 and 0xff only", chip(0xff, 0, 0xff, 0, 0, 0xff), false},
		{"upper half used", func() []byte { img := chip(0x00, 0x04, 0xa3, 0x12, 0x34, 0x56); img[0x80] = 1; return img }(), false},
		{"128-byte chip", chip(0x00, 0x04, 0xa3, 0x12, 0x34, 0x56)[:128], false},
		{"512-byte chip", append(chip(0x00, 0x04, 0xa3, 0x12, 0x34, 0x56), make([]byte, 256)...), false},
	}
	for _, tc := range tests {
		if got := MicrochipEUI48Layout(tc.img); got != tc.want {
			t.Errorf("%s: %t, want %t", tc.name, got, tc.want)
		}
	}
}
