package eeprom

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectAndNeed(t *testing.T) {
	onie := encodeFields(t, onieAllFields)
	fru := buildFRU(fruFull)
	hat := buildHAT(hatUUID, 1, 1, "Acme", "HAT")
	am := buildAM335x("A335BNLT", "000C", "1837BBBG0622")
	tests := []struct {
		img    []byte
		format string
		need   int
	}{
		{onie, "onie", len(onie)},
		{fru, "fru", len(fru)},
		{hat, "rpi-hat", len(hat)},
		{am, "am335x", 88},
	}
	for _, tt := range tests {
		if f, err := Detect(tt.img); f != tt.format || err != nil {
			t.Errorf("Detect = %q, %v; want %q", f, err, tt.format)
		}
		if n := Need("auto", tt.img); n != tt.need {
			t.Errorf("%s: Need = %d, want %d", tt.format, n, tt.need)
		}
		// A prefix asks for more until the whole image is there.
		if n := Need("auto", tt.img[:8]); n <= 8 {
			t.Errorf("%s: Need of an 8-byte prefix = %d, want more", tt.format, n)
		}
	}
	// With only the common header, Need asks for the last area's header.
	if n := Need("fru", fru[:8]); n != int(fru[4])*8+2 {
		t.Errorf("Need(fru header only) = %d, want up to the product area header, %d", n, int(fru[4])*8+2)
	}
	if _, err := Detect(bytes.Repeat([]byte{0xff}, 64)); !errors.Is(err, ErrBlank) {
		t.Errorf("Detect(erased) error = %v, want ErrBlank", err)
	}
	if _, err := Detect([]byte("hello, world")); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Detect(text) error = %v, want ErrUnknownFormat", err)
	}
	if _, err := Decode("bogus", onie); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Decode(bogus) error = %v, want ErrUnknownFormat", err)
	}
}

// FuzzDecode runs auto detection and every decoder on any input.
func FuzzDecode(f *testing.F) {
	f.Add(encodeFields(f, onieAllFields))
	f.Add(buildFRU(fruFull))
	f.Add(buildHAT(hatUUID, 1, 1, "Acme", "HAT"))
	f.Add(buildAM335x("A335BNLT", "000C", "1837BBBG0622"))
	for _, dir := range []string{"onie", "fru", "am335x", "rpi-hat", "eui48", "serial-uid"} {
		files, _ := filepath.Glob(filepath.Join(realdataDirOrEmpty(), dir, "*"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil && len(b) <= 4096 && !strings.HasSuffix(p, ".txt") {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, format := range Formats {
			var d *Decoded
			var err error
			checkAllocBound(t, len(b), func() { d, err = Decode(format, b) })
			var fe *FormatError
			switch {
			case err != nil && !errors.As(err, &fe):
				t.Fatalf("%s: error %v is not a FormatError", format, err)
			case err == nil && (d.Format == "auto" || len(d.Fields) == 0 && len(d.Problems) == 0 && d.Format != "fru"):
				t.Fatalf("%s: decoded %+v", format, d)
			}
			if n := Need(format, b); n < 0 || n > MaxImage {
				t.Fatalf("Need(%s) = %d", format, n)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	for _, img := range []struct {
		format string
		img    []byte
	}{
		{"onie", encodeFields(b, onieAllFields)},
		{"fru", buildFRU(fruFull)},
		{"rpi-hat", buildHAT(hatUUID, 1, 1, "Acme", "HAT")},
		{"am335x", buildAM335x("A335BNLT", "000C", "1837BBBG0622")},
	} {
		b.Run(img.format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode("auto", img.img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestIsMACField(t *testing.T) {
	for key, want := range map[string]bool{"base_mac": true, "mac0": true, "mac1": true, "mac2": true,
		"mac3": false, "mac": false, "mac00": false, "num_macs": false, "serial_number": false, "Mac0": false} {
		if got := IsMACField(key); got != want {
			t.Errorf("IsMACField(%q) = %t, want %t", key, got, want)
		}
	}
}
