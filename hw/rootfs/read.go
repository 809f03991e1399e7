package rootfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// AttrLimit bounds one sysfs or procfs attribute: the kernel's show()
// writes at most one page, 4 KiB on most kernels and 64 KiB on arm64 and
// ppc64 kernels built with 64 KiB pages. fs.ReadFile on an FS reads with
// this limit.
const AttrLimit = 64 << 10

// ErrNotRegular is wrapped when a file that must hold data is a FIFO, a
// device, a socket or a directory: reading a FIFO waits forever for a
// writer, a device can stream without end (/dev/zero).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped for a file longer than the limit its reader
// allows; the message says the limit.
var ErrTooLarge = errors.New("too large")

// OpenRegular opens name and checks that it is a regular file. Sysfs
// attributes and at24 EEPROM files are regular files; anything else where
// a regular file is expected is refused. On an FS it is refused before it
// is opened, as opening a device can act (a watchdog starts counting down,
// a tty hangs up its modem); the type is checked again on the open file,
// which is what is read (an FS opens a FIFO without blocking, other fs.FS
// implementations hold no FIFOs or devices).
func OpenRegular(fsys fs.FS, name string) (fs.File, error) {
	var f fs.File
	var err error
	if r, ok := fsys.(*FS); ok {
		f, err = r.open(name, true)
	} else {
		f, err = fsys.Open(name)
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(name, fi)
	}
	return f, nil
}

// notRegular is OpenRegular's error for a file of another type, naming it.
func notRegular(name string, fi fs.FileInfo) error {
	kind := "special file"
	switch m := fi.Mode(); {
	case m.IsDir():
		kind = "directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "FIFO"
	case m&fs.ModeCharDevice != 0: // before ModeDevice, which it includes
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "block device"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	}
	return &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("a %s, %w", kind, ErrNotRegular)}
}

// ReadFile reads the regular file name, which may hold at most limit
// bytes: a longer file is ErrTooLarge, found from its size before
// anything is read when the size says so (a 1 GB sparse file fails at
// once), else after limit+1 bytes (sysfs and procfs files report a size
// of 4096 or 0 whatever they hold).
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := OpenRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	b, err := readAtMost(f, limit)
	f.Close()
	if b == nil && err == nil {
		err = fmt.Errorf("%w: larger than %d bytes", ErrTooLarge, limit)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return b, nil
}

// readAtMost is io.ReadAll(io.LimitReader(f, limit+1)), without
// io.ReadAll's code (docs/size.md); nil and no error when f holds more
// than limit bytes.
func readAtMost(f fs.File, limit int64) ([]byte, error) {
	if fi, err := f.Stat(); err == nil && fi.Size() > limit {
		return nil, nil
	}
	b := make([]byte, 0, 512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		if b = b[:len(b)+n]; int64(len(b)) > limit {
			return nil, nil
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, underlying(err)
		}
	}
}

// ReadFile reads name with AttrLimit, so that fs.ReadFile of any sysfs
// attribute is bounded and never waits on a FIFO.
func (f *FS) ReadFile(name string) ([]byte, error) { return ReadFile(f, name, AttrLimit) }
