package dmi

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQEMUTablesMatchKernel parses tables a real kernel exported (see
// testdata/qemu/README.md) and compares every field with the kernel's own
// decode in id/: equal when the kernel shows a value, absent (or an
// all-zero UUID, which the kernel hides) when it shows none.
func TestQEMUTablesMatchKernel(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/qemu/*/DMI")
	if len(dirs) != 3 {
		t.Fatalf("found %d captures, want 3", len(dirs))
	}
	for _, d := range dirs {
		d = filepath.Dir(d)
		t.Run(filepath.Base(d), func(t *testing.T) {
			tab, err := ParseTables(mustRead(t, d, "smbios_entry_point"), mustRead(t, d, "DMI"))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range Fields {
				b, err := os.ReadFile(filepath.Join(d, "id", string(f)))
				kernel := strings.TrimSuffix(string(b), "\n")
				got, gerr := tab.Get(f)
				switch {
				case err == nil && kernel != "":
					if gerr != nil || got != kernel {
						t.Errorf("%s = %q, %v; kernel says %q", f, got, gerr, kernel)
					}
				case f == ProductUUID && gerr == nil:
					if got != "00000000-0000-0000-0000-000000000000" {
						t.Errorf("%s = %q; the kernel shows none", f, got)
					}
				case !errors.Is(gerr, ErrNotPresent):
					t.Errorf("%s = %q, %v; the kernel shows none", f, got, gerr)
				}
			}
		})
	}
}

func mustRead(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
