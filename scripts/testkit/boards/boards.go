// Package boards holds the board trees (captured or reconstructed machine
// roots under testdata/, see its README.md) and finds them for the tests of
// every package that reads them (cmd/hwident, cmd/internal/machine,
// hw/dmi), and writes trees of a test's own. Import it from _test.go files
// only.
package boards

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Names are the board trees, in the order tests report them.
var Names = []string{"rpi3", "rpi4", "bbb", "imx8mp", "x86", "vm", "cloudvm",
	// reconstructed from public captures of real machines (README.md says from where)
	"dell-r720-lom4", "intel-i350-lom-ib", "supermicro-x772-ve", "kvm-acpiphp-slots",
	"supermicro-5028d", "asus-i217-storage", "supermicro-x9sca", "rackspace-onmetal",
	"optiplex-i350t2", "rpi3-nm", "msi-desktop-lte", "qemu-smbios-type41"}

// treesDir is where the trees are, from the module root.
const treesDir = "scripts/testkit/boards/testdata"

// Dir returns the path of the tree of board name (a path in it with elem).
func Dir(t testing.TB, name string, elem ...string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(append([]string{root, treesDir, name}, elem...)...)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("module root (go.mod) not found above the test's directory")
		}
		dir = parent
	}
}

// Copy copies the tree of board name, symlinks as symlinks, into a
// temporary directory the test may change, and returns it.
func Copy(t testing.TB, name string) string {
	t.Helper()
	src := Dir(t, name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, out)
		case d.IsDir():
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// Write makes a tree of files (slash-separated names under the root, and
// their contents) in a temporary directory and returns it.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		WriteFile(t, filepath.Join(root, filepath.FromSlash(name)), data)
	}
	return root
}

// WriteFile writes data to p, making its directory.
func WriteFile(t testing.TB, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
