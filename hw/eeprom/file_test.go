//go:build unix

package eeprom

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/hwident/hwident/hw/rootfs"
)

// streamFS serves files that cannot be read at an offset.
type streamFS struct{ fstest.MapFS }

type streamFile struct{ fs.File }

func (s streamFS) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	return streamFile{f}, err
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "eeprom"), []byte("R-Pi"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := rootfs.New(dir)
	tests := []struct {
		name string
		fsys fs.FS
		file string
		want error // nil: opens
	}{
		{"regular file", root, "eeprom", nil},
		{"FIFO", root, "fifo", rootfs.ErrNotRegular},
		{"directory", root, ".", rootfs.ErrNotRegular},
		{"missing", root, "none", fs.ErrNotExist},
		{"no offsets", streamFS{fstest.MapFS{"eeprom": {Data: []byte("R-Pi")}}}, "eeprom", ErrNoReadAt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := OpenFile(tt.fsys, tt.file)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				b := make([]byte, 2)
				if n, err := f.ReadAt(b, 2); n != 2 || err != nil || string(b) != "Pi" {
					t.Errorf("ReadAt = %d, %v, %q", n, err, b)
				}
				return
			}
			var pe *fs.PathError
			if !errors.Is(err, tt.want) || !errors.As(err, &pe) || f != nil {
				t.Errorf("OpenFile = %v, %v; want a *fs.PathError of %v", f, err, tt.want)
			}
		})
	}
}
