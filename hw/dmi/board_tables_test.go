package dmi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
	"github.com/hwident/hwident/scripts/testkit/golden"
)

// x86Tables are the SMBIOS 3.3 tables of a cheap AMI-firmware mini PC: the
// system serial, UUID and chassis serial are the firmware's placeholders,
// only the board serial is real.
func x86Tables() (entry, table []byte) {
	amiUUID := [16]byte{0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0, 9}
	st := []structure{system(1, amiUUID), baseboard(3), chassis(1)}
	st[0].strings = []string{"To be filled by O.E.M."}
	st[0].formatted[1], st[0].formatted[2] = 1, 1 // product name, version: the same placeholder
	st[1].strings = []string{"AZW", "SEi", "M80-C4019900532"}
	st[2].strings = []string{"Default string"}
	table, _ = buildTable(st...)
	return entry64(3, 3, 0, table, 0x7ad5c000), table
}

// TestX86BoardTables keeps the x86 tree's tables equal to x86Tables (go
// test -update rewrites them) and checks that they say what the tree's
// sysfs dmi/id files say.
func TestX86BoardTables(t *testing.T) {
	x86TreeTables := boards.Dir(t, "x86", "sys/firmware/dmi/tables")
	entry, table := x86Tables()
	for name, want := range map[string][]byte{"smbios_entry_point": entry, "DMI": table} {
		if !golden.Check(t, filepath.Join(x86TreeTables, name), want) {
			t.Error("the x86 tree's tables differ from x86Tables")
		}
	}
	tab, err := ParseTables(entry, table)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields {
		b, err := os.ReadFile(filepath.Join(x86TreeTables, "../../../class/dmi/id", string(f)))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := tab.Get(f); err != nil || got != strings.TrimSuffix(string(b), "\n") {
			t.Errorf("%s: tables say %q, %v; the tree's sysfs says %q", f, got, err, b)
		}
	}
}
