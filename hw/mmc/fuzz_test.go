package mmc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// encodeCID writes the decoded fields back into the first 15 bytes of a
// CID: the inverse of DecodeCID for every bit a field covers. An eMMC year
// code is the year minus 1997 modulo 16 whatever the EXT_CSD revision,
// because every rollover adds 16 years.
func encodeCID(c CID) [15]byte {
	var b [15]byte
	b[0] = c.ManfID
	b[1], b[2] = byte(c.OEMID>>8), byte(c.OEMID)
	put32 := func(p []byte, v uint32) { p[0], p[1], p[2], p[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v) }
	if c.Type == TypeMMC {
		copy(b[3:9], c.Name)
		b[9] = c.PRV
		put32(b[10:14], c.Serial)
		b[14] = byte(c.Month)<<4 | byte((c.Year-1997)%16)
		return b
	}
	copy(b[3:8], c.Name)
	b[8] = c.HWRev<<4 | c.FWRev
	put32(b[9:13], c.Serial)
	y := c.Year - 2000
	b[13] = byte(y >> 4)
	b[14] = byte(y)<<4 | byte(c.Month)
	return b
}

// covered clears the CID bits no decoded field keeps: the CRC byte, the
// name bytes after the first NUL (the kernel's %s stops there) and, for
// SD, the reserved high nibble of byte 13.
func covered(raw [16]byte, t Type) [15]byte {
	var b [15]byte
	copy(b[:], raw[:15])
	name := b[3:9]
	if t != TypeMMC {
		name = b[3:8]
		b[13] &= 0x0f
	}
	if i := bytes.IndexByte(name, 0); i >= 0 {
		clear(name[i:])
	}
	return b
}

func FuzzDecodeCID(f *testing.F) {
	for _, s := range []string{
		"11010030303847423004348fc3eea600", "035344534e35313280fff7b17b015700",
		"45010053454d313647071081d2943100", "1234564d532020201000004c6300c853",
		"00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff",
	} {
		raw, _ := ParseCIDHex(s)
		f.Add(raw[:], 8)
	}
	f.Fuzz(func(t *testing.T, in []byte, rev int) {
		var raw [16]byte
		copy(raw[:], in)
		rev &= 0xff // EXT_CSD_REV is one byte
		for _, typ := range []Type{TypeMMC, TypeSD} {
			c, err := DecodeCID(raw, typ, rev)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := encodeCID(c), covered(raw, typ); got != want {
				t.Fatalf("%s %x: re-encoded %x, want %x", typ, raw, got, want)
			}
			for _, a := range c.Attrs() {
				if strings.ContainsRune(a.Value, 0) {
					t.Fatalf("%s contains NUL", a.Name)
				}
			}
		}
		if typ, err := GuessType(raw); err == nil && typ != TypeMMC && typ != TypeSD || err != nil && !errors.Is(err, ErrAmbiguousType) {
			t.Fatalf("GuessType = %q, %v", typ, err)
		}
	})
}

func FuzzParseCIDHex(f *testing.F) {
	for _, s := range []string{"11010030303847423004348fc3eea600", "11010030-30384742-3004348F-C3EEA600", "0x11010030303847423004348fc3eea6", "zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := ParseCIDHex(s)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Off < 0 || fe.Off > len(s) {
				t.Fatalf("error %v is not a FormatError within the input", err)
			}
			return
		}
		digits := strings.ToLower(strings.Map(func(r rune) rune {
			if r == '-' || r == ':' || r == ' ' {
				return -1
			}
			return r
		}, strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")))
		if len(digits) == 30 {
			digits += "00"
		}
		if got := hexBytes(raw[:]); got != digits {
			t.Fatalf("ParseCIDHex(%q) = %s, want %s", s, got, digits)
		}
	})
}
