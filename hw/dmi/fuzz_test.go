package dmi

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseTables: arbitrary bytes never panic the parser; every field is
// either a NUL-free string or ErrNotPresent, and a UUID has the kernel's
// shape.
func FuzzParseTables(f *testing.F) {
	for _, fx := range fixtures() {
		f.Add(fx.entry, fx.table)
	}
	captures, _ := filepath.Glob("testdata/qemu/*/DMI")
	for _, c := range captures {
		entry, _ := os.ReadFile(filepath.Join(filepath.Dir(c), "smbios_entry_point"))
		table, _ := os.ReadFile(c)
		f.Add(entry, table)
	}
	f.Fuzz(func(t *testing.T, entry, table []byte) {
		tab, err := ParseTables(entry, table)
		if err != nil {
			return
		}
		for _, fl := range Fields {
			v, err := tab.Get(fl)
			if err != nil {
				if !errors.Is(err, ErrNotPresent) {
					t.Fatalf("%s: %v", fl, err)
				}
				continue
			}
			if strings.ContainsRune(v, 0) || v == "" {
				t.Fatalf("%s = %q", fl, v)
			}
			if fl == ProductUUID && (len(v) != 36 || strings.Count(v, "-") != 4 || strings.ToLower(v) != v) {
				t.Fatalf("uuid %q", v)
			}
		}
	})
}

// FuzzTablesRoundTrip: strings and UUIDs written into tables read back
// exactly, through both entry point kinds.
func FuzzTablesRoundTrip(f *testing.F) {
	f.Add("SN-0042-X", "BRD-77-991", "CH 1", testUUID[:], byte(8))
	f.Add(" ", "\xff\x01", "x", make([]byte, 16), byte(5))
	f.Fuzz(func(t *testing.T, product, board, chassisSerial string, uuid []byte, minor byte) {
		for _, s := range []string{product, board, chassisSerial} {
			if s == "" || strings.ContainsRune(s, 0) {
				return // not representable as an SMBIOS string
			}
		}
		var u [16]byte
		copy(u[:], uuid)
		st := []structure{system(1, u), baseboard(1), chassis(1)}
		st[0].strings, st[1].strings, st[2].strings = []string{product}, []string{board}, []string{chassisSerial}
		table, n := buildTable(st...)
		minor %= 10
		for _, e := range []struct {
			entry        []byte
			littleEndian bool // SMBIOS 2.6+
		}{{entry32(2, minor, table, n, 0), minor >= 6}, {entry64(3, minor, 0, table, 0), true}} {
			tab, err := ParseTables(e.entry, table)
			if err != nil {
				t.Fatal(err)
			}
			want := map[Field]string{ProductSerial: product, BoardSerial: board, ChassisSerial: chassisSerial, ProductUUID: FormatUUID(u, e.littleEndian)}
			for fl, w := range want {
				if got, err := tab.Get(fl); err != nil || got != w {
					t.Fatalf("%s = %q, %v; want %q", fl, got, err, w)
				}
			}
		}
	})
}
