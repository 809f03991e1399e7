package mmc

import (
	"errors"
	"testing"
)

func TestDecodeCID(t *testing.T) {
	tests := []struct {
		name string
		cid  string
		typ  Type
		rev  int
		want []Attr
	}{
		{
			// Toshiba eMMC 5.1 (IoTMAXX i.MX7D gateway): code 6 is 2003 before
			// eMMC 4.41, 2019 from EXT_CSD_REV 5.
			name: "emmc rev 8", cid: "11010030303847423004348fc3eea600", typ: TypeMMC, rev: 8,
			want: []Attr{{"type", "MMC"}, {"manfid", "0x000011"}, {"oemid", "0x0100"}, {"name", "008GB0"}, {"prv", "0x4"}, {"serial", "0x348fc3ee"}, {"date", "10/2019"}},
		},
		{
			name: "emmc rev 4 keeps 1997 base", cid: "11010030303847423004348fc3eea600", typ: TypeMMC, rev: 4,
			want: []Attr{{"type", "MMC"}, {"manfid", "0x000011"}, {"oemid", "0x0100"}, {"name", "008GB0"}, {"prv", "0x4"}, {"serial", "0x348fc3ee"}, {"date", "10/2003"}},
		},
		{
			name: "emmc rev 9 rolls over again", cid: "11010030303847423004348fc3eea600", typ: TypeMMC, rev: 9,
			want: []Attr{{"type", "MMC"}, {"manfid", "0x000011"}, {"oemid", "0x0100"}, {"name", "008GB0"}, {"prv", "0x4"}, {"serial", "0x348fc3ee"}, {"date", "10/2035"}},
		},
		{
			name: "emmc unknown rev has no date", cid: "11010030303847423004348fc3eea600", typ: TypeMMC, rev: UnknownExtCSDRev,
			want: []Attr{{"type", "MMC"}, {"manfid", "0x000011"}, {"oemid", "0x0100"}, {"name", "008GB0"}, {"prv", "0x4"}, {"serial", "0x348fc3ee"}},
		},
		{
			// Reserved bits 119:114 are kept in oemid, as the kernel does.
			name: "emmc oemid keeps reserved and CBX bits", cid: "15fd4e4d4147344741011234567812c1", typ: TypeMMC, rev: 8,
			want: []Attr{{"type", "MMC"}, {"manfid", "0x000015"}, {"oemid", "0xfd4e"}, {"name", "MAG4GA"}, {"prv", "0x1"}, {"serial", "0x12345678"}, {"date", "01/2015"}},
		},
		{
			name: "emmc name cut at NUL", cid: "fe014e4d4d4300000000deadbeef4100", typ: TypeMMC, rev: 6,
			want: []Attr{{"type", "MMC"}, {"manfid", "0x0000fe"}, {"oemid", "0x014e"}, {"name", "MMC"}, {"prv", "0x0"}, {"serial", "0xdeadbeef"}, {"date", "04/2014"}},
		},
		{
			name: "sd", cid: "035344534e35313280fff7b17b015700", typ: TypeSD, rev: UnknownExtCSDRev,
			want: []Attr{{"type", "SD"}, {"manfid", "0x000003"}, {"oemid", "0x5344"}, {"name", "SN512"}, {"hwrev", "0x8"}, {"fwrev", "0x0"}, {"serial", "0xfff7b17b"}, {"date", "07/2021"}},
		},
		{
			name: "sd ignores ext csd rev", cid: "035344534e35313280fff7b17b015700", typ: TypeSD, rev: 9,
			want: []Attr{{"type", "SD"}, {"manfid", "0x000003"}, {"oemid", "0x5344"}, {"name", "SN512"}, {"hwrev", "0x8"}, {"fwrev", "0x0"}, {"serial", "0xfff7b17b"}, {"date", "07/2021"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := ParseCIDHex(tt.cid)
			if err != nil {
				t.Fatal(err)
			}
			c, err := DecodeCID(raw, tt.typ, tt.rev)
			if err != nil {
				t.Fatal(err)
			}
			got := c.Attrs()
			if len(got) != len(tt.want) {
				t.Fatalf("Attrs() = %q\nwant %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Attrs()[%d] = %q, want %q", i, got[i], tt.want[i])
				}
			}
			if c.Hex() != tt.cid {
				t.Errorf("Hex() = %s, want %s", c.Hex(), tt.cid)
			}
		})
	}
}

// TestMMCYearTable checks every year code against the mapping table of the
// kernel patch "mmc: core: Adjust MDT beyond 2025" (JESD84-B51B).
func TestMMCYearTable(t *testing.T) {
	for code := 0; code < 16; code++ {
		old := 1997 + code
		v441 := old // EXT_CSD_REV 5..8
		if old < 2010 {
			v441 = old + 16
		}
		v51b := v441 // EXT_CSD_REV ≥ 9
		if v441 < 2023 {
			v51b = v441 + 16
		}
		for rev, want := range map[int]int{0: old, 4: old, 5: v441, 8: v441, 9: v51b, 255: v51b} {
			if got := mmcYear(code, 0x15, rev); got != want {
				t.Errorf("code %d rev %d: year %d, want %d", code, rev, got, want)
			}
		}
	}
	// The table's fixed points.
	for _, c := range []struct{ code, rev, want int }{{0, 9, 2029}, {9, 9, 2038}, {10, 9, 2023}, {12, 9, 2025}, {13, 9, 2026}, {15, 9, 2028}, {12, 8, 2025}, {13, 8, 2010}} {
		if got := mmcYear(c.code, 0x15, c.rev); got != c.want {
			t.Errorf("code %d rev %d: %d, want %d", c.code, c.rev, got, c.want)
		}
	}
}

// TestSanDiskBrokenMDT: the kernel's MMC_QUIRK_BROKEN_MDT (manfid 0x45)
// reads 2010–2012 as 2026–2028 on EXT_CSD_REV 5–8 only.
func TestSanDiskBrokenMDT(t *testing.T) {
	for _, c := range []struct {
		manfid    uint8
		code, rev int
		want      int
	}{
		{0x45, 13, 8, 2026}, {0x45, 15, 5, 2028}, {0x45, 12, 8, 2025}, {0x45, 13, 4, 2010},
		{0x45, 13, 9, 2026}, {0x15, 13, 8, 2010},
	} {
		if got := mmcYear(c.code, c.manfid, c.rev); got != c.want {
			t.Errorf("manfid %#x code %d rev %d: %d, want %d", c.manfid, c.code, c.rev, got, c.want)
		}
	}
}

func TestGuessType(t *testing.T) {
	tests := []struct {
		cid  string
		want Type
		err  error
	}{
		{"11010030303847423004348fc3eea600", TypeMMC, nil},
		{"1501004d384731474303dc0db061506f", TypeMMC, nil},
		{"035344534e35313280fff7b17b015700", TypeSD, nil},
		{"8903034e43617264000000667000b285", TypeSD, nil}, // binary OEM ID 0x0303
		{"00000000000000000000000000000000", "", ErrAmbiguousType},
		// Plausible both ways: byte 1 = 0x01, names printable, both months valid.
		{"15010041424344454601020304011100", "", ErrAmbiguousType},
	}
	for _, tt := range tests {
		raw, err := ParseCIDHex(tt.cid)
		if err != nil {
			t.Fatal(err)
		}
		got, err := GuessType(raw)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("GuessType(%s) = %q, %v; want %q, %v", tt.cid, got, err, tt.want, tt.err)
		}
		c, err := DecodeCID(raw, "", 8)
		if !errors.Is(err, tt.err) || err == nil && c.Type != tt.want {
			t.Errorf("DecodeCID(%s, guess) = %q, %v", tt.cid, c.Type, err)
		}
	}
}

func TestParseCIDHex(t *testing.T) {
	want, _ := ParseCIDHex("11010030303847423004348fc3eea600")
	for _, s := range []string{
		"11010030-30384742-3004348F-C3EEA600", // barebox
		"0x11010030303847423004348fc3eea600",
		"11 01 00 30 30 38 47 42 30 04 34 8f c3 ee a6 00",
		"11010030303847423004348fc3eea6", // mmc:cid value, CRC byte dropped
	} {
		got, err := ParseCIDHex(s)
		if err != nil || got != want {
			t.Errorf("ParseCIDHex(%q) = %x, %v", s, got, err)
		}
	}
	for _, c := range []struct {
		in  string
		off int
	}{
		{"1101003g303847423004348fc3eea600", 7},
		{"11010030303847423004348fc3eea60", 31},
		{"11010030303847423004348fc3eea60000", 32},
		{"", 0},
		{"0x", 2},
	} {
		_, err := ParseCIDHex(c.in)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Off != c.off {
			t.Errorf("ParseCIDHex(%q) = %v, want FormatError at %d", c.in, err, c.off)
		}
	}
}

func TestDecodeRejectsUnknownType(t *testing.T) {
	if _, err := DecodeCID([16]byte{}, TypeSDIO, 0); !errors.Is(err, ErrUnknownType) {
		t.Errorf("DecodeCID(SDIO) = %v, want ErrUnknownType", err)
	}
	if _, err := ParseType("xd"); !errors.Is(err, ErrUnknownType) {
		t.Errorf("ParseType(xd) = %v", err)
	}
}
