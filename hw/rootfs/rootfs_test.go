package rootfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// tree builds a root with files, links and a FIFO, as real files.
func tree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	mk := func(name, data string) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(name, target string) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	mk("data/hwident.conf", "mac=net:auto\n")
	mk("etc/real.conf", "serial=dmi:product_serial\n")
	link("etc/abs.conf", "/data/hwident.conf")          // absolute: under the root
	link("etc/rel.conf", "../data/hwident.conf")        // relative
	link("etc/dangling.conf", "/mnt/data/hwident.conf") // /mnt not mounted
	link("etc/escape.conf", "../../../../../../data/hwident.conf")
	link("etc/loop-a", "loop-b")
	link("etc/loop-b", "loop-a")
	link("etcd", "/mnt/etc") // a dangling directory link
	link("etc/viadir", "/etcd/x.conf")
	if err := syscall.Mkfifo(filepath.Join(root, "etc/fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	sparse, err := os.Create(filepath.Join(root, "etc/sparse"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sparse.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	sparse.Close()
	return root
}

func TestReadFile(t *testing.T) {
	fsys := New(tree(t))
	tests := []struct {
		name    string
		want    string // contents, when ok
		missing bool   // Missing(err): a plain absent file
		is      error  // else the error must match this
	}{
		{"etc/real.conf", "serial=dmi:product_serial\n", false, nil},
		{"etc/abs.conf", "mac=net:auto\n", false, nil},
		{"etc/rel.conf", "mac=net:auto\n", false, nil},
		{"etc/escape.conf", "mac=net:auto\n", false, nil}, // ".." stops at the root
		{"etc/none.conf", "", true, nil},
		{"nodir/none.conf", "", true, nil},
		{"etc/dangling.conf", "", false, ErrDanglingLink},
		{"etcd/hwident.conf", "", false, ErrDanglingLink},
		{"etc/viadir", "", false, ErrDanglingLink},
		{"etc/loop-a", "", false, syscall.ELOOP},
		{"etc/fifo", "", false, ErrNotRegular},
		{"etc", "", false, ErrNotRegular},
		{"etc/real.conf/x", "", false, syscall.ENOTDIR},
	}
	for _, tc := range tests {
		b, err := ReadFile(fsys, tc.name, 1<<20)
		switch {
		case tc.missing:
			if !Missing(err) {
				t.Errorf("%s: %v, want a missing file", tc.name, err)
			}
		case tc.is != nil:
			if !errors.Is(err, tc.is) || Missing(err) {
				t.Errorf("%s: %v, want %v and not missing", tc.name, err, tc.is)
			}
		case err != nil || string(b) != tc.want:
			t.Errorf("%s = %q, %v; want %q", tc.name, b, err, tc.want)
		}
	}
}

// TestDanglingIsNotExist: listings of sysfs skip dangling links as absent
// (captured trees hold links into parts never captured).
func TestDanglingIsNotExist(t *testing.T) {
	_, err := fs.Stat(New(tree(t)), "etc/dangling.conf")
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, ErrDanglingLink) {
		t.Errorf("stat of a dangling link: %v", err)
	}
}

func TestReadFileLimit(t *testing.T) {
	root := tree(t)
	if _, err := ReadFile(New(root), "etc/sparse", 4096); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 4096 bytes") {
		t.Errorf("1 GiB sparse file: %v, want ErrTooLarge naming the limit", err)
	}
	if _, err := ReadFile(New(root), "etc/real.conf", 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("file over the limit: %v, want ErrTooLarge", err)
	}
	if b, err := ReadFile(New(root), "etc/real.conf", 26); err != nil || len(b) != 26 {
		t.Errorf("file at the limit: %d bytes, %v", len(b), err)
	}
	// /dev/zero reports size 0 and never ends: refused as a device.
	if _, err := ReadFile(New("/"), "dev/zero", 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("/dev/zero: %v, want ErrNotRegular", err)
	}
	// fs.ReadFile of an FS is bounded by AttrLimit.
	if _, err := fs.ReadFile(New(root), "etc/sparse"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 65536 bytes") {
		t.Errorf("fs.ReadFile: %v, want the attribute limit", err)
	}
}

func TestPermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files of mode 000")
	}
	root := tree(t)
	p := filepath.Join(root, "etc/real.conf")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(New(root), "etc/real.conf", 1<<20); !errors.Is(err, fs.ErrPermission) || Missing(err) {
		t.Errorf("mode 000: %v, want a permission error", err)
	}
}

func TestLinks(t *testing.T) {
	fsys := New(tree(t))
	if l, err := fs.ReadLink(fsys, "etc/abs.conf"); err != nil || l != "/data/hwident.conf" {
		t.Errorf("ReadLink = %q, %v", l, err)
	}
	if fi, err := fs.Lstat(fsys, "etc/dangling.conf"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat of a dangling link = %v, %v", fi, err)
	}
	ents, err := fs.ReadDir(fsys, "etc")
	if err != nil || len(ents) != 10 {
		t.Errorf("ReadDir = %d entries, %v", len(ents), err)
	}
	if _, err := fsys.Open("../etc"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Open(../etc): %v", err)
	}
}
