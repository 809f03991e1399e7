package durable

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "sub", "pin")
	for _, data := range []string{"first\n", "second\n"} {
		if err := WriteFile(name, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || string(got) != data {
			t.Fatalf("contents %q, %v; want %q", got, err, data)
		}
	}
	fi, err := os.Stat(name)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(name))
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only the file (no temporary left)", len(entries))
	}
}

func TestWriteFileErrorKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	if err := WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A directory where the file should go: the rename fails, the old data stays.
	if err := WriteFile(filepath.Join(name, "child"), []byte("new"), 0o644); err == nil {
		t.Fatal("want an error writing below a regular file")
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Fatalf("old file changed to %q", got)
	}
}
