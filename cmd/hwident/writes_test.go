//go:build !identityonly

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// writeCase is one command that writes, run in a fresh root.
type writeCase struct {
	name  string
	setup func(t *testing.T, root string) // links and nodes under root
	args  func(root string) []string
	code  int
	check map[string]string // file under root -> contents wanted
	links map[string]string // link under root -> its target, kept
	fifo  string            // a FIFO under root that must stay one
}

// TestWritesKeepSymlinksAndNodes: every command that writes follows a
// symlink to its target (the link stays), writes --out into a FIFO, and
// refuses a state file that is not a regular file.
func TestWritesKeepSymlinksAndNodes(t *testing.T) {
	tests := []writeCase{
		{
			name: "product set through an absolute link under --root",
			setup: func(t *testing.T, root string) {
				mkdirs(t, root, "data/hwident", "persist")
				symlink(t, "/persist/serial", filepath.Join(root, "data/hwident/product-serial"))
			},
			args:  func(root string) []string { return []string{"product", "set", "--root", root, "PRD-1"} },
			check: map[string]string{"persist/serial": "PRD-1\n"},
			links: map[string]string{"data/hwident/product-serial": "/persist/serial"},
		},
		{
			name: "product set refuses a FIFO",
			setup: func(t *testing.T, root string) {
				mkdirs(t, root, "data/hwident")
				mkfifo(t, filepath.Join(root, "data/hwident/product-serial"))
			},
			args: func(root string) []string { return []string{"product", "set", "--root", root, "PRD-1"} },
			code: 1,
			fifo: "data/hwident/product-serial",
		},
		{
			// (A link to a pin not yet written is dangling, which @pin refuses
			// when it reads; a linked directory is the way to move the pin.)
			name: "@pin through a linked directory",
			setup: func(t *testing.T, root string) {
				writeFiles(t, root, map[string]string{"etc/serial": "S1\n", "etc/hwident.conf": "serial=file:/etc/serial\n@pin /data/hwident/identity\n"})
				mkdirs(t, root, "data", "persist/hwident")
				symlink(t, "../persist/hwident", filepath.Join(root, "data/hwident"))
			},
			args:  func(root string) []string { return []string{"identity", "--root", root} },
			check: map[string]string{"persist/hwident/identity": "serial=S1\n"},
			links: map[string]string{"data/hwident": "../persist/hwident"},
		},
		{
			name: "label --out through a link",
			setup: func(t *testing.T, root string) {
				writeFiles(t, root, map[string]string{"labels/old.zpl": "old"})
				symlink(t, "labels/old.zpl", filepath.Join(root, "out.zpl"))
			},
			args: func(root string) []string {
				return []string{"label", "--identity", filepath.Join(root, "id"), "--format", "payload", "--out", filepath.Join(root, "out.zpl")}
			},
			check: map[string]string{"labels/old.zpl": "HW10CD0B827EB000001E52\n"},
			links: map[string]string{"out.zpl": "labels/old.zpl"},
		},
	}
	eeprom := boards.EEPROMs(t, "")
	tests = append(tests, writeCase{
		name: "eeprom read --out through a link",
		setup: func(t *testing.T, root string) {
			writeFiles(t, root, map[string]string{"dumps/old.bin": "old"})
			symlink(t, "dumps/old.bin", filepath.Join(root, "dump.bin"))
		},
		args: func(root string) []string {
			return []string{"eeprom", "read", "--root", eeprom, "--bus", "0", "--addr", "0x58", "--len", "6", "--out", filepath.Join(root, "dump.bin")}
		},
		check: map[string]string{"dumps/old.bin": "\xfc\xc2\x3d\x0a\x0b\x0c"},
		links: map[string]string{"dump.bin": "dumps/old.bin"},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, map[string]string{"id": "mac=b8:27:eb:00:00:01\n"})
			tt.setup(t, root)
			r := runHwident(t, "", nil, append([]string{"hwident"}, tt.args(root)...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", r.code, tt.code, r.stderr)
			}
			for name, want := range tt.check {
				if got, err := os.ReadFile(filepath.Join(root, name)); err != nil || !strings.Contains(string(got), want) {
					t.Errorf("%s holds %q, %v; want %q", name, got, err, want)
				}
			}
			for link, want := range tt.links {
				if got, err := os.Readlink(filepath.Join(root, link)); err != nil || got != want {
					t.Errorf("link %s is %q, %v; want it kept pointing to %s", link, got, err, want)
				}
			}
			if tt.fifo != "" {
				if fi, err := os.Lstat(filepath.Join(root, tt.fifo)); err != nil || fi.Mode().Type() != os.ModeNamedPipe {
					t.Errorf("%s is no longer a FIFO: %v, %v", tt.fifo, fi.Mode(), err)
				}
			}
		})
	}
}

// TestLabelOutFIFO: --out into a FIFO writes through it, as into a printer
// device or /dev/stdout.
func TestLabelOutFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "printer")
	mkfifo(t, fifo)
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	r := runHwident(t, "mac=b8:27:eb:00:00:01\n", nil, "hwident", "label", "--identity", "-", "--format", "payload", "--out", fifo)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if s := <-got; s != "HW10CD0B827EB000001E52\n" {
		t.Errorf("the FIFO's reader got %q", s)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("the FIFO was replaced: %v, %v", fi.Mode(), err)
	}
}

func mkdirs(t *testing.T, root string, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		boards.WriteFile(t, filepath.Join(root, name), data)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
}
