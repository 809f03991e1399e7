package dmi

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var testUUID = [16]byte{0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}

// tables is one SMBIOS fixture: entry point and structure table.
type tables struct {
	name         string
	entry, table []byte
	want         map[Field]string // absent key: ErrNotPresent
}

func fixtures() []tables {
	st := []structure{system(4, testUUID), baseboard(3), chassis(2)}
	st[0].strings = []string{"ACME", "Widget 3000", "1.0", "SN-0042-X"}
	st[1].strings = []string{"ACME", "WB-3", "BRD-77-991"}
	st[2].strings = []string{"ACME", "CH 1234 5678"}
	table, n := buildTable(st...)
	le := map[Field]string{ProductSerial: "SN-0042-X", ProductUUID: "00112233-4455-6677-8899-aabbccddeeff", BoardSerial: "BRD-77-991", ChassisSerial: "CH 1234 5678"}
	be := map[Field]string{ProductSerial: "SN-0042-X", ProductUUID: "33221100-5544-7766-8899-aabbccddeeff", BoardSerial: "BRD-77-991", ChassisSerial: "CH 1234 5678"}

	// No chassis, no board serial (index 0), system serial index past the
	// strings: none of them is present.
	sparse := []structure{system(9, [16]byte{}), baseboard(0)}
	sparse[0].strings = []string{"ACME"}
	sparseTable, _ := buildTable(sparse...)
	x86Entry, x86Table := x86Tables()

	return []tables{
		{"2.8 32-bit", entry32(2, 8, table, n, 0x000f0000), table, le},
		{"3.3.0 64-bit", entry64(3, 3, 0, table, 0x7f000000), table, le},
		{"2.5 big-endian UUID", entry32(2, 5, table, n, 0x000f0000), table, be},
		{"2.51 is taken for 2.6", entry32(2, 0x33, table, n, 0x000f0000), table, le},
		{"2.33 is taken for 2.3", entry32(2, 0x21, table, n, 0x000f0000), table, be},
		{"sparse", entry64(3, 0, 0, sparseTable, 0), sparseTable, map[Field]string{ProductUUID: "00000000-0000-0000-0000-000000000000"}},
		{"x86 board tree", x86Entry, x86Table, map[Field]string{ProductSerial: "To be filled by O.E.M.", ProductUUID: "03000200-0400-0500-0006-000700080009", BoardSerial: "M80-C4019900532", ChassisSerial: "Default string"}},
	}
}

func TestTablesGet(t *testing.T) {
	for _, tc := range fixtures() {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ParseTables(tc.entry, tc.table)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range Fields {
				got, err := tab.Get(f)
				want, ok := tc.want[f]
				switch {
				case ok && (err != nil || got != want):
					t.Errorf("%s = %q, %v; want %q", f, got, err, want)
				case !ok && !errors.Is(err, ErrNotPresent):
					t.Errorf("%s = %q, %v; want ErrNotPresent", f, got, err)
				}
			}
		})
	}
}

// TestDmidecodeAgrees reads the same tables with dmidecode, an independent
// SMBIOS decoder, from a dump file in its --from-dump layout (entry point
// at 0, table at offset 32).
func TestDmidecodeAgrees(t *testing.T) {
	bin, err := exec.LookPath("dmidecode")
	if err != nil {
		t.Skip("dmidecode not installed")
	}
	keywords := map[Field]string{ProductSerial: "system-serial-number", ProductUUID: "system-uuid", BoardSerial: "baseboard-serial-number", ChassisSerial: "chassis-serial-number"}
	for _, tc := range fixtures() {
		if tc.name == "sparse" {
			continue // dmidecode prints its own words for absent values
		}
		tab, err := ParseTables(tc.entry, tc.table)
		if err != nil {
			t.Fatal(err)
		}
		dump := dumpFile(tc)
		path := filepath.Join(t.TempDir(), "dump.bin")
		if err := os.WriteFile(path, dump, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, f := range Fields {
			out, err := exec.Command(bin, "--from-dump", path, "-s", keywords[f]).Output()
			if err != nil {
				t.Fatalf("%s: dmidecode -s %s: %v", tc.name, keywords[f], err)
			}
			want := strings.TrimSpace(string(out))
			got, err := tab.Get(f)
			if err != nil || !strings.EqualFold(got, want) {
				t.Errorf("%s: %s = %q, %v; dmidecode says %q", tc.name, f, got, err, want)
			}
		}
	}
}

// dumpFile re-addresses the table to offset 32, as dmidecode --dump-bin does.
func dumpFile(tc tables) []byte {
	e := bytes.Clone(tc.entry)
	if bytes.HasPrefix(e, []byte("_SM3_")) {
		e = entry64(e[7], e[8], e[9], tc.table, 32)
	} else {
		e = entry32(e[6], e[7], tc.table, int(e[0x1c]), 32)
	}
	return append(append(e, make([]byte, 32-len(e))...), tc.table...)
}

func sysfsFS() fstest.MapFS {
	return fstest.MapFS{
		"sys/class/dmi/id/product_serial": {Data: []byte("SYS-FALLBACK\n"), Mode: 0o400},
		"sys/class/dmi/id/product_uuid":   {Data: []byte("4c4c4544-0042-3510-8052-b4c04f384d32\n"), Mode: 0o400},
		"sys/class/dmi/id/board_serial":   {Data: []byte("To be filled by O.E.M.\n"), Mode: 0o400},
	}
}

func TestReadPrefersSMBIOS(t *testing.T) {
	fsys := sysfsFS()
	fx := fixtures()[1]
	fsys[entryPointFile] = &fstest.MapFile{Data: fx.entry}
	fsys[tableFile] = &fstest.MapFile{Data: fx.table}
	r, err := Read(fsys, ProductSerial)
	if err != nil || r.Value != "SN-0042-X" || r.From != "SMBIOS 3.3.0" {
		t.Errorf("Read = %+v, %v", r, err)
	}
}

func TestReadFallsBackToSysfs(t *testing.T) {
	for name, tables := range map[string]fstest.MapFS{
		"no tables":      {},
		"corrupt tables": {entryPointFile: {Data: []byte("_SM3_ garbage")}, tableFile: {Data: []byte{1, 2}}},
	} {
		fsys := sysfsFS()
		for k, v := range tables {
			fsys[k] = v
		}
		r, err := Read(fsys, ProductUUID)
		if err != nil || r.Value != "4c4c4544-0042-3510-8052-b4c04f384d32" || r.From != "/sys/class/dmi/id/product_uuid" {
			t.Errorf("%s: Read = %+v, %v", name, r, err)
		}
		// The placeholder is returned as read: judging it is the caller's job.
		if r, err := Read(fsys, BoardSerial); err != nil || r.Value != "To be filled by O.E.M." {
			t.Errorf("%s: board_serial = %+v, %v", name, r, err)
		}
		if _, err := Read(fsys, ChassisSerial); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: chassis_serial error = %v, want fs.ErrNotExist", name, err)
		}
	}
	// Tables without the field: the sysfs file is tried too.
	fsys := sysfsFS()
	fx := fixtures()[5]
	fsys[entryPointFile] = &fstest.MapFile{Data: fx.entry}
	fsys[tableFile] = &fstest.MapFile{Data: fx.table}
	r, err := Read(fsys, ProductSerial)
	if err != nil || r.Value != "SYS-FALLBACK" {
		t.Errorf("field absent from tables: %+v, %v", r, err)
	}
	if _, err := Read(fsys, ChassisSerial); !errors.Is(err, ErrNotPresent) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent everywhere: %v, want both causes", err)
	}
}

func TestFormatUUID(t *testing.T) {
	u := [16]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf}
	if got := FormatUUID(u, false); got != "00010203-0405-0607-0809-0a0b0c0d0e0f" {
		t.Errorf("big-endian: %s", got)
	}
	if got := FormatUUID(u, true); got != "03020100-0504-0706-0809-0a0b0c0d0e0f" {
		t.Errorf("little-endian: %s", got)
	}
}

// TestUUIDCaseAcrossKernels: product_uuid reads the same from the tables
// and from a sysfs file in the upper case older kernels print, so a kernel
// update cannot change an identity built on it.
func TestUUIDCaseAcrossKernels(t *testing.T) {
	fx := fixtures()[1]
	tables := fstest.MapFS{entryPointFile: {Data: fx.entry}, tableFile: {Data: fx.table}}
	want, err := Read(tables, ProductUUID)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{strings.ToUpper(want.Value), want.Value} {
		sysfs := fstest.MapFS{sysfsDir + "/product_uuid": {Data: []byte(text + "\n")}}
		if got, err := Read(sysfs, ProductUUID); err != nil || got.Value != want.Value {
			t.Errorf("sysfs %q: %+v, %v; want %q as from the tables", text, got, err, want.Value)
		}
	}
}
