package realdata

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records how a test would end instead of
// ending it.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }
func (r *recorder) Skip(args ...any)                  { r.skip = fmt.Sprint(args...) }

// Without the real data a test skips, or fails under HWIDENT_REALDATA=1.
func TestMissingRealData(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if _, err := Root(); err == nil {
		t.Fatal("Root found real data next to a module without it")
	}
	for _, required := range []string{"", "1"} {
		t.Setenv("HWIDENT_REALDATA", required)
		r := &recorder{TB: t}
		Dir(r, "eeprom")
		if required == "1" && (r.fatal == "" || r.skip != "") {
			t.Errorf("HWIDENT_REALDATA=1: fatal %q, skip %q; want a failure", r.fatal, r.skip)
		}
		if required == "" && (r.skip == "" || r.fatal != "") {
			t.Errorf("HWIDENT_REALDATA unset: fatal %q, skip %q; want a skip", r.fatal, r.skip)
		}
	}
}

// With the real data next to the module root, Dir returns its path.
func TestRealDataFound(t *testing.T) {
	base := t.TempDir()
	mod := filepath.Join(base, "repo")
	if err := os.MkdirAll(filepath.Join(base, "shared", "realdata", "eeprom"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(mod, "hw", "eeprom"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(mod, "hw", "eeprom"))
	t.Setenv("HWIDENT_REALDATA", "1")
	r := &recorder{TB: t}
	got := Dir(r, "eeprom")
	if want := filepath.Join(mod, "..", "shared", "realdata", "eeprom"); got != want || r.fatal != "" || r.skip != "" {
		t.Errorf("Dir = %q (fatal %q, skip %q), want %q", got, r.fatal, r.skip, want)
	}
}
