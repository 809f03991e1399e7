package eeprom

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestAM335xBuilt(t *testing.T) {
	mac := []byte{0xc8, 0xa0, 0x30, 0x01, 0x02, 0x03}
	blankMAC := bytes.Repeat([]byte{0xff}, 6)
	img := buildAM335x("A335BNLT", "00C0", "2134SBB00768", mac, blankMAC, mac)
	fs, err := DecodeAM335x(img)
	if err != nil {
		t.Fatal(err)
	}
	want := Fields{{"board_name", "A335BNLT"}, {"board_version", "00C0"}, {"serial", "2134SBB00768"},
		{"mac0", "c8:a0:30:01:02:03"}, {"mac2", "c8:a0:30:01:02:03"}}
	if !slices.Equal(fs, want) {
		t.Errorf("fields:\n got %q\nwant %q", fs, want)
	}
}

func TestAM335xErrors(t *testing.T) {
	good := buildAM335x("A335BONE", "00A6", "4212BB000394")
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []formatErrCase{
		{"erased", bytes.Repeat([]byte{0xff}, 128), ErrBlank, 0},
		{"magic", mut(func(b []byte) []byte { b[3] = 0xef; return b }), ErrMagic, 0},
		{"short", good[:20], ErrTruncated, 20},
		{"control byte in serial", mut(func(b []byte) []byte { b[18] = 0x02; return b }), ErrValue, 18},
		{"bytes after padding", mut(func(b []byte) []byte { b[19] = 0; return b }), ErrValue, 20},
		{"empty name", mut(func(b []byte) []byte { copy(b[4:12], bytes.Repeat([]byte{0xff}, 8)); return b }), ErrValue, 4},
		{"short cape", append([]byte(am335xMagic), "A1Cape"...), ErrTruncated, 10},
	}
	checkFormatErrors(t, "am335x", func(b []byte) error { _, err := DecodeAM335x(b); return err }, tests)
}

func FuzzAM335x(f *testing.F) {
	f.Add(buildAM335x("A335BNLT", "000C", "1837BBBG0622"), "A335BNLT", "000C", "1837BBBG0622")
	f.Fuzz(func(t *testing.T, b []byte, name, version, serial string) {
		var err error
		checkAllocBound(t, len(b), func() { _, err = DecodeAM335x(b) })
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v is not a FormatError", err)
		}
		// Round trip of a built header with printable fields.
		if name == "" || len(name) > 8 || len(version) > 4 || len(serial) > 12 || strings.HasPrefix(name, "A0") || strings.HasPrefix(name, "A1") || strings.HasPrefix(name, "A2") {
			return
		}
		for _, s := range []string{name, version, serial} {
			if strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r > 0x7e }) {
				return
			}
		}
		fs, err := DecodeAM335x(buildAM335x(name, version, serial))
		if err != nil {
			t.Fatal(err)
		}
		var want Fields
		want.add("board_name", name)
		want.add("board_version", version)
		want.add("serial", serial)
		if !slices.Equal(fs, want) {
			t.Fatalf("round trip:\n got %q\nwant %q", fs, want)
		}
	})
}
