// Package golden compares test output with golden files under testdata/
// and rewrites them when the test binary runs with -update
// (`go test ./label -update`). Every package with golden files uses it, so
// the flag, the file handling and the failure message are the same
// everywhere. Import it from _test.go files only.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with this run's output")

// maxShown is how much of a differing text Check prints.
const maxShown = 16 << 10

// Check compares got with the golden file at path, or with -update writes
// got there (making its directory). It reports whether they were equal (or
// the file was rewritten), so a caller can add what a difference means.
func Check(t testing.TB, path string, got []byte) bool {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return true
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
		return false
	}
	if bytes.Equal(got, want) {
		return true
	}
	if text(got) && text(want) {
		t.Errorf("%s differs (go test -update rewrites it)\n got:\n%s\nwant:\n%s", path, got, want)
	} else {
		t.Errorf("%s differs from the %d bytes got, first at byte %d (go test -update rewrites it)", path, len(got), firstDiff(got, want))
	}
	return false
}

// text reports whether b can be shown in a failure message.
func text(b []byte) bool {
	if len(b) > maxShown || !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < ' ' && c != '\n' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
