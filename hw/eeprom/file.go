package eeprom

import (
	"errors"
	"io"
	"io/fs"

	"github.com/hwident/hwident/hw/rootfs"
)

// File is an EEPROM exposed as a file (the at24 driver's, an nvmem
// device's) or an image of one, open for reads at offsets.
type File interface {
	io.ReaderAt
	io.Closer
}

// ErrNoReadAt is OpenFile's error for a file that cannot be read at an
// offset.
var ErrNoReadAt = errors.New("cannot be read at an offset")

// OpenFile opens name in fsys, the one way an EEPROM file is opened: it
// must be a regular file (a FIFO would block every read; rootfs.OpenRegular
// says what it is instead) that can be read at offsets. Errors are
// *fs.PathError.
func OpenFile(fsys fs.FS, name string) (File, error) {
	f, err := rootfs.OpenRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	r, ok := f.(File)
	if !ok {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNoReadAt}
	}
	return r, nil
}
