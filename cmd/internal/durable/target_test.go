package durable

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// TestWriteFollowsSymlinks: the atomic replace happens at the final target
// of a symlink, which stays a symlink; links resolve under Root.
func TestWriteFollowsSymlinks(t *testing.T) {
	tests := []struct {
		name  string
		links map[string]string // link -> target, relative to the root
		files map[string]string
		write string // path written, relative to the root
		want  string // the file that must hold the data
		root  bool   // resolve under the temp dir as Root
	}{
		{name: "relative link", links: map[string]string{"pin": "real/pin"}, files: map[string]string{"real/pin": "old"}, write: "pin", want: "real/pin"},
		{name: "chain", links: map[string]string{"a": "b", "b": "c/d"}, files: map[string]string{"c/d": "old"}, write: "a", want: "c/d"},
		{name: "dangling, directory exists", links: map[string]string{"serial": "data/serial"}, files: map[string]string{"data/keep": ""}, write: "serial", want: "data/serial"},
		{name: "linked directory", links: map[string]string{"etc/hwident": "../data/hwident"}, files: map[string]string{"data/hwident/pin": "old", "etc/x": ""}, write: "etc/hwident/pin", want: "data/hwident/pin"},
		{name: "absolute link under root", links: map[string]string{"etc/product-serial": "/data/serial"}, files: map[string]string{"data/serial": "old"}, write: "/etc/product-serial", want: "data/serial", root: true},
		{name: "dot-dot after a link leaves its target", links: map[string]string{"etc/hw": "/data/sub"}, files: map[string]string{"data/sub/keep": "", "data/pin": "old"}, write: "/etc/hw/../pin", want: "data/pin", root: true},
		{name: "missing tail with dot-dot stays in root", files: map[string]string{"keep": ""}, write: "/new/../../../x", want: "x", root: true},
		{name: "dot-dot stays in root", links: map[string]string{"etc/pin": "../../../../data/pin"}, files: map[string]string{"data/pin": "old"}, write: "/etc/pin", want: "data/pin", root: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				boards.WriteFile(t, filepath.Join(dir, name), data)
			}
			for link, target := range tt.links {
				p := filepath.Join(dir, link)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.Symlink(target, p); err != nil {
					t.Fatal(err)
				}
			}
			o := Options{Perm: 0o644}
			name := filepath.Join(dir, tt.write)
			if tt.root {
				o.Root, name = dir, tt.write
			}
			if err := Write(name, []byte("new\n"), o); err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(filepath.Join(dir, tt.want)); err != nil || string(got) != "new\n" {
				t.Fatalf("%s holds %q, %v; want the new data", tt.want, got, err)
			}
			for link, target := range tt.links {
				if got, err := os.Readlink(filepath.Join(dir, link)); err != nil || got != target {
					t.Errorf("link %s now %q, %v; want it kept, pointing to %s", link, got, err, target)
				}
			}
		})
	}
}

func TestWriteRefusesBadLinks(t *testing.T) {
	dir := t.TempDir()
	mustSymlink(t, "loop2", filepath.Join(dir, "loop1"))
	mustSymlink(t, "loop1", filepath.Join(dir, "loop2"))
	mustSymlink(t, filepath.Join(dir, "unmounted", "data", "pin"), filepath.Join(dir, "pin"))
	mustSymlink(t, "unmounted-dir", filepath.Join(dir, "linkdir"))
	boards.WriteFile(t, filepath.Join(dir, "file"), "x")
	tests := []struct {
		name string
		want error
	}{
		{"loop1", syscall.ELOOP},
		{"pin", ErrDanglingDir},
		{"linkdir/pin", ErrDanglingDir},
		{"file/pin", syscall.ENOTDIR},
	}
	for _, tt := range tests {
		err := WriteFile(filepath.Join(dir, tt.name), []byte("new"), 0o644)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "unmounted")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a directory was created where a dangling symlink points: %v", err)
	}
}

// TestWriteNonRegular: state files refuse what is not a regular file;
// outputs write into character devices and FIFOs; nothing is renamed over.
func TestWriteNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	mustSymlink(t, "fifo", filepath.Join(dir, "fifo-link"))
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	tests := []struct {
		name    string
		through bool
		want    error
	}{
		{"fifo", false, ErrNotRegular},
		{"fifo-link", false, ErrNotRegular},
		{"sock", false, ErrNotRegular},
		{"sock", true, ErrNotRegular},
		{"sub", false, ErrNotRegular},
		{"sub", true, ErrNotRegular},
	}
	for _, tt := range tests {
		err := Write(filepath.Join(dir, tt.name), []byte("x"), throughOptions(tt.through, 0))
		if !errors.Is(err, tt.want) {
			t.Errorf("%s (write through %v): %v, want %v", tt.name, tt.through, err, tt.want)
		}
	}
	checkType(t, fifo, os.ModeNamedPipe)
	checkType(t, sock, os.ModeSocket)
}

func TestWriteThroughFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, "fifo", filepath.Join(dir, "link"))
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the writer opens
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := Write(filepath.Join(dir, "link"), []byte("^XA^XZ\n"), throughOptions(true, 0)); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "^XA^XZ\n" {
		t.Errorf("reader got %q", s)
	}
	checkType(t, fifo, os.ModeNamedPipe)

	// Nobody reads: an error after the timeout, not a hang.
	err := Write(fifo, []byte("x"), throughOptions(true, 100*time.Millisecond))
	if err == nil {
		t.Fatal("write to a FIFO without a reader succeeded")
	}
	checkType(t, fifo, os.ModeNamedPipe)
}

// TestWriteDeviceNode makes device nodes, so it needs root (CI runs it as
// root). 1:7 is /dev/full (every write fails with ENOSPC), 1:3 /dev/null.
func TestWriteDeviceNode(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mknod needs root")
	}
	dir := t.TempDir()
	full, null := filepath.Join(dir, "full"), filepath.Join(dir, "null")
	for p, dev := range map[string]int{full: 1<<8 | 7, null: 1<<8 | 3} {
		if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, dev); err != nil {
			t.Skipf("mknod: %v (a container without CAP_MKNOD?)", err)
		}
	}
	mustSymlink(t, "full", filepath.Join(dir, "lp0"))
	tests := []struct {
		name    string
		through bool
		want    error // nil: success
	}{
		{"full", false, ErrNotRegular},
		{"lp0", false, ErrNotRegular},
		{"full", true, syscall.ENOSPC},
		{"lp0", true, syscall.ENOSPC},
		{"null", true, nil},
	}
	for _, tt := range tests {
		err := Write(filepath.Join(dir, tt.name), []byte("^XA^XZ\n"), throughOptions(tt.through, 0))
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s (write through %v): %v, want %v", tt.name, tt.through, err, tt.want)
		}
	}
	checkType(t, full, os.ModeCharDevice|os.ModeDevice)
	checkType(t, null, os.ModeCharDevice|os.ModeDevice)
}

func checkType(t *testing.T, name string, want os.FileMode) {
	t.Helper()
	fi, err := os.Lstat(name)
	if err != nil || fi.Mode().Type() != want {
		t.Errorf("%s is now %v, %v; want type %v kept", name, fi.Mode(), err, want)
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func throughOptions(through bool, timeout time.Duration) Options {
	o := Options{Perm: 0o644}
	if through {
		o.Through = ThroughDevices(timeout)
	}
	return o
}

// A relative name is relative to the working directory, ".." above it too.
func TestWriteRelative(t *testing.T) {
	dir := t.TempDir()
	boards.WriteFile(t, filepath.Join(dir, "a", "b", "keep"), "")
	mustSymlink(t, "real", filepath.Join(dir, "a", "link"))
	os.Mkdir(filepath.Join(dir, "a", "real"), 0o755)
	t.Chdir(filepath.Join(dir, "a", "b"))
	for name, want := range map[string]string{"../../top": "top", "../link/f": "a/real/f", "here": "a/b/here"} {
		if err := WriteFile(name, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(filepath.Join(dir, want)); err != nil || string(got) != name {
			t.Errorf("%s: %s holds %q, %v", name, want, got, err)
		}
	}
}
