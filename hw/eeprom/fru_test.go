package eeprom

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var fruFull = fruSpec{
	chassisType: 23,
	chassis:     []string{"CH-PN-1", "CHS0001"},
	mfgMinutes:  15_000_000, // 2024-07-08T16:00 UTC
	board:       []string{"Acme", "Board X", "BS0001", "BPN-2", "file.bin", "custom"},
	product:     []string{"Acme", "Product Y", "PPN-3", "1.0", "PS0001", "ASSET-9"},
}

var fruFullFields = Fields{
	{"chassis_type", "23"}, {"chassis_part_number", "CH-PN-1"}, {"chassis_serial", "CHS0001"},
	{"board_mfg_date", "2024-07-08T16:00:00Z"}, {"board_manufacturer", "Acme"}, {"board_product", "Board X"},
	{"board_serial", "BS0001"}, {"board_part_number", "BPN-2"},
	{"product_manufacturer", "Acme"}, {"product_name", "Product Y"}, {"product_part_number", "PPN-3"},
	{"product_version", "1.0"}, {"product_serial", "PS0001"}, {"product_asset_tag", "ASSET-9"},
}

func TestFRUBuilt(t *testing.T) {
	img := buildFRU(fruFull)
	fru, err := DecodeFRU(img)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fru.Fields, fruFullFields) || fru.Bad != nil {
		t.Errorf("fields:\n got %q\nwant %q (bad %v)", fru.Fields, fruFullFields, fru.Bad)
	}
}

func TestFRUText(t *testing.T) {
	tests := []struct {
		typ     byte
		data    []byte
		english bool
		want    string
	}{
		{0, []byte{0xde, 0xad}, true, "dead"},
		{1, []byte{0x12, 0xab, 0xcd, 0xef}, true, "12 -.:,_"},
		// "IPMI" in 6-bit packed ASCII: 0x29 0x30 0x2d 0x29.
		{2, []byte{0x29, 0xdc, 0xa6}, true, "IPMI"},
		{3, []byte("abc  \x00\x00"), true, "abc"},
		{3, []byte{'M', 0xfc, 'l', 'l'}, true, "Müll"},
		{3, []byte{'A', 0, 0x7e, 0x01}, false, "Až"},
	}
	for _, tt := range tests {
		got, err := fruText(tt.typ, tt.data, tt.english)
		if err != nil || got != tt.want {
			t.Errorf("fruText(%d, % x) = %q, %v; want %q", tt.typ, tt.data, got, err, tt.want)
		}
	}
	if _, err := fruText(3, []byte("abc"), false); err == nil {
		t.Error("odd-length 16-bit Unicode field decoded without error")
	}
}

func TestFRUErrors(t *testing.T) {
	good := buildFRU(fruSpec{board: []string{"Acme", "B", "S1", "P1"}})
	// header 0-7, board area at 8: ver, len, lang, date[3], fields from 14.
	boardEnd := 8 + int(good[9])*8
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	fixArea := func(b []byte) []byte { b[boardEnd-1] -= sum8(b[8:boardEnd]); return b }
	tests := []formatErrCase{
		{"erased", bytes.Repeat([]byte{0xff}, 64), ErrBlank, 0},
		{"short", []byte{1, 0, 0}, ErrTruncated, 3},
		{"version", mut(func(b []byte) []byte { b[0] = 2; b[7]--; return b }), ErrMagic, 0},
		{"header checksum", mut(func(b []byte) []byte { b[7]++; return b }), ErrChecksum, 7},
		{"no areas", mut(func(b []byte) []byte { b[3] = 0; b[7] = -sum8(b[:7]); return b }), ErrValue, 2},
		{"area outside image", mut(func(b []byte) []byte { b[3] = 200; b[7] = -sum8(b[:7]); return b }), ErrTruncated, 1600},
		{"area truncated", good[:boardEnd-1], ErrTruncated, 9},
		{"area checksum", mut(func(b []byte) []byte { b[15] ^= 0x20; return b }), ErrChecksum, boardEnd - 1},
		{"area version", mut(func(b []byte) []byte { b[8] = 2; b[boardEnd-1]--; return b }), ErrValue, 8},
		{"field overruns area", mut(func(b []byte) []byte { b[14] = 0xff; return fixArea(b) }), ErrLength, 14},
		{"no end marker", mut(func(b []byte) []byte {
			for i := 14; i < boardEnd-1; i++ {
				b[i] = 0xc0 // empty fields all the way
			}
			return fixArea(b)
		}), ErrLength, boardEnd - 1},
	}
	checkFormatErrors(t, "fru", func(b []byte) error { _, err := DecodeFRU(b); return err }, tests)
}

// One bad area leaves the others usable, and says which one failed.
func TestFRUBadAreaKeepsOthers(t *testing.T) {
	img := buildFRU(fruFull)
	productOff := int(img[4]) * 8
	img[productOff+5] ^= 1
	fru, err := DecodeFRU(img)
	if err != nil {
		t.Fatal(err)
	}
	if len(fru.Bad) != 1 || !errors.Is(fru.Bad[0], ErrChecksum) || !strings.HasPrefix(fru.Bad[0].Msg, "product area") {
		t.Errorf("bad areas = %v, want the product area checksum", fru.Bad)
	}
	if _, ok := fru.Fields.Get("product_serial"); ok {
		t.Error("product field reported from a bad area")
	}
	if v, _ := fru.Fields.Get("board_serial"); v != "BS0001" {
		t.Errorf("board_serial = %q", v)
	}
}

func fruSeeds(f *testing.F) {
	f.Add(buildFRU(fruFull))
	files, _ := filepath.Glob(filepath.Join(realdataDirOrEmpty(), "fru", "*.bin"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) <= 1024 {
			f.Add(b)
		}
	}
}

func FuzzFRU(f *testing.F) {
	fruSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var fru *FRU
		var err error
		checkAllocBound(t, len(b), func() { fru, err = DecodeFRU(b) })
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		if len(fru.Fields) == 0 && len(fru.BadFields) == 0 && len(fru.Bad) == 0 {
			// Areas may legitimately hold only empty fields; nothing to check.
			return
		}
		for _, fd := range fru.Fields {
			if fd.Value == "" || strings.HasSuffix(fd.Value, " ") {
				t.Fatalf("field %q has an empty or padded value", fd)
			}
		}
	})
}

// FuzzFRURoundTrip builds images from arbitrary printable strings and
// checks they decode to exactly those strings.
func FuzzFRURoundTrip(f *testing.F) {
	f.Add("Acme", "B", "S1", "P1", "PS", 123456, byte(23))
	f.Fuzz(func(t *testing.T, mfr, product, serial, part, pserial string, minutes int, ctype byte) {
		for _, s := range []string{mfr, product, serial, part, pserial} {
			if len(s) > 63 || strings.ContainsFunc(s, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
				return
			}
		}
		minutes &= 0xffffff
		spec := fruSpec{chassisType: ctype, chassis: []string{part, serial}, mfgMinutes: minutes,
			board: []string{mfr, product, serial, part}, product: []string{mfr, product, part, "", pserial, ""}}
		fru, err := DecodeFRU(buildFRU(spec))
		if err != nil {
			t.Fatal(err)
		}
		var want Fields
		want.add("chassis_type", itoaTest(int(ctype)))
		want.add("chassis_part_number", part)
		want.add("chassis_serial", serial)
		if minutes != 0 {
			want.add("board_mfg_date", fruEpochTime.Add(timeMinutes(minutes)).Format("2006-01-02T15:04:00Z"))
		}
		for i, k := range []string{"board_manufacturer", "board_product", "board_serial", "board_part_number"} {
			want.add(k, spec.board[i])
		}
		for i, k := range fruAreas[2].keys {
			want.add(k, spec.product[i])
		}
		if !slices.Equal(fru.Fields, want) {
			t.Fatalf("round trip:\n got %q\nwant %q", fru.Fields, want)
		}
	})
}
