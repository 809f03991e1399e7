package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/hwident/hwident/identity"
)

// MaxIdentityInput caps an identity read as input (label --identity,
// mender --identity). No QR code holds more than 2953 bytes, so an identity
// over 64 KiB can never be a label's.
const MaxIdentityInput = 64 << 10

// Errors of inputs, for errors.Is.
var (
	ErrInputTooLarge error = &sentinel{"input too large"}
	ErrInputType     error = &sentinel{"not a regular file or pipe"}
)

// ReadInput reads the file a flag such as --identity or --batch names, "-" for
// stdin, up to limit bytes; more is an error, never a silent cut. A regular
// file is read, and so is a FIFO or pipe (`--batch <(generate-ids)`), as a
// stream: hwident waits for its writer as it waits on stdin. Anything else
// (a device such as /dev/zero or a tty, a socket, a directory) is refused
// before it is opened.
func ReadInput(a *App, flag, name string, limit int64, hint string) ([]byte, error) {
	if name == "-" {
		return ReadCapped(a.Stdin, flag, "stdin", limit, hint)
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, PathErr(flag, name, err)
	}
	if err := checkInputType(flag, name, st.Mode()); err != nil {
		return nil, err
	}
	// A regular file is opened without blocking, and checked again: the
	// path may have been swapped for a FIFO or a device since the Stat.
	mode := os.O_RDONLY
	if st.Mode().IsRegular() {
		mode |= syscall.O_NONBLOCK
	}
	f, err := os.OpenFile(name, mode, 0)
	if err != nil {
		return nil, PathErr(flag, name, err)
	}
	defer f.Close()
	if st2, err := f.Stat(); err != nil {
		return nil, PathErr(flag, name, err)
	} else if st2.Mode().Type() != st.Mode().Type() {
		return nil, fmt.Errorf("%s %s: %w: changed from %s to %s while it was opened", flag, identity.Quote(name), ErrInputType, FileKind(st.Mode()), FileKind(st2.Mode()))
	}
	return ReadCapped(f, flag, identity.Quote(name), limit, hint)
}

// InputName names an input in messages.
func InputName(name string) string {
	if name == "-" {
		return "from stdin"
	}
	return identity.Quote(name)
}

// PathErr names the path quoted and keeps the cause for errors.Is (a
// missing file and an unreadable one stay different errors).
func PathErr(flag, name string, err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		err = pe.Err
	}
	return fmt.Errorf("%s %s: %w", flag, identity.Quote(name), err)
}

// checkInputType refuses what cannot be a label input.
func checkInputType(flag, name string, mode fs.FileMode) error {
	if mode.IsRegular() || mode.Type() == fs.ModeNamedPipe {
		return nil
	}
	return fmt.Errorf("%s %s: %w, but %s: give a file, a pipe, or - for stdin", flag, identity.Quote(name), ErrInputType, FileKind(mode))
}

// FileKind names the type of a file in messages.
func FileKind(mode fs.FileMode) string {
	switch t := mode.Type(); {
	case mode.IsRegular():
		return "a regular file"
	case t == fs.ModeNamedPipe:
		return "a FIFO"
	case mode.IsDir():
		return "a directory"
	case t == fs.ModeDevice|fs.ModeCharDevice:
		return "a character device"
	case t == fs.ModeDevice:
		return "a block device"
	case t == fs.ModeSocket:
		return "a socket"
	default:
		return "an irregular file"
	}
}

// ReadCapped reads r to its end, or fails once it has more than limit
// bytes, saying what to do (hint).
func ReadCapped(r io.Reader, flag, what string, limit int64, hint string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read %s: %w", flag, what, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %s: %w: more than %s: %s", flag, what, ErrInputTooLarge, SizeName(limit), hint)
	}
	return data, nil
}

// SizeName writes a power-of-two size as KiB or MiB.
func SizeName(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n>>10, 10) + " KiB"
}
