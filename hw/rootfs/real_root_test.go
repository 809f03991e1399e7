package rootfs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// On the real root the kernel resolves names (kernelResolves); what Open,
// OpenRegular, ReadFile, Lstat and ReadLink give must be what resolving
// them component by component gives, errors included. Root "//" is the
// same directory without the kernel's shortcut.
func TestRealRootAsResolved(t *testing.T) {
	dir := t.TempDir()
	mk := func(name, data string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(name, target string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	mk("data/a.conf", "mac=net:auto\n")
	link("rel.conf", "data/a.conf")
	link("datadir", "data")
	link("dangling", "nowhere/x")
	link("loop-a", "loop-b")
	link("loop-b", "loop-a")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := strings.TrimPrefix(dir, "/")
	kernel, walked := &FS{Root: "/"}, &FS{Root: "//"}
	for _, n := range []string{"data/a.conf", "rel.conf", "datadir/a.conf", "datadir", "dangling", "loop-a", "fifo", "missing", "data/a.conf/x", "."} {
		name := base + "/" + n
		if n == "." {
			name = base
		}
		for _, op := range []struct {
			what string
			do   func(*FS) string
		}{
			{"ReadFile", func(f *FS) string { b, err := ReadFile(f, name, 1<<10); return fmt.Sprintf("%q %v", b, err) }},
			{"OpenRegular", func(f *FS) string {
				file, err := OpenRegular(f, name)
				if err != nil {
					return err.Error()
				}
				defer file.Close()
				b, err := io.ReadAll(file)
				return fmt.Sprintf("%q %v", b, err)
			}},
			{"Open", func(f *FS) string {
				file, err := f.Open(name)
				if err != nil {
					return err.Error()
				}
				defer file.Close()
				fi, err := file.Stat()
				return fmt.Sprintf("%v %v", fi.Mode(), err)
			}},
			{"Lstat", func(f *FS) string {
				fi, err := f.Lstat(name)
				if err != nil {
					return oneSlash(err.Error())
				}
				return fi.Mode().String()
			}},
			{"ReadLink", func(f *FS) string {
				s, err := f.ReadLink(name)
				if err != nil {
					return oneSlash(err.Error())
				}
				return s
			}},
		} {
			if got, want := op.do(kernel), op.do(walked); got != want {
				t.Errorf("%s(%s) on the real root = %s, resolved = %s", op.what, n, got, want)
			}
		}
	}
}

// oneSlash collapses the runs of slashes in the host paths that Lstat's
// and ReadLink's errors name ("/" + "/" + name under the root "/").
func oneSlash(s string) string {
	for strings.Contains(s, "//") {
		s = strings.ReplaceAll(s, "//", "/")
	}
	return s
}
