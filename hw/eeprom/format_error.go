package eeprom

import (
	"errors"
	"fmt"
)

// Classes of malformed images; a *FormatError wraps one of them.
var (
	ErrBlank         = errors.New("blank chip (all 0xff or all 0x00): nothing was programmed")
	ErrMagic         = errors.New("wrong magic: not this format")
	ErrChecksum      = errors.New("checksum mismatch")
	ErrTruncated     = errors.New("image truncated")
	ErrLength        = errors.New("length out of range")
	ErrValue         = errors.New("invalid value")
	ErrUnknownFormat = errors.New("unknown format")
)

// FormatError reports a malformed image: which format, where, and what.
type FormatError struct {
	Format string // "onie", "fru", ...
	Off    int    // byte offset in the image
	Msg    string
	Err    error // one of the Err* classes above
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s: offset 0x%x: %s", e.Format, e.Off, e.Msg)
}

func (e *FormatError) Unwrap() error { return e.Err }

func formatErr(format string, off int, class error, msg string, args ...any) *FormatError {
	return &FormatError{Format: format, Off: off, Msg: fmt.Sprintf(msg, args...), Err: class}
}

// blank reports whether b is all 0xff (erased) or all 0x00.
func blank(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c != b[0] {
			return false
		}
	}
	return b[0] == 0xff || b[0] == 0x00
}

// checkBlank reports a blank image as a FormatError of format.
func checkBlank(format string, b []byte) error {
	if blank(b) {
		return formatErr(format, 0, ErrBlank, "blank chip: all %d bytes are 0x%02x, nothing was programmed", len(b), b[0])
	}
	return nil
}

// macString formats 6 or 8 bytes as lowercase colon-separated hex.
func macString(b []byte) string {
	const hexdigits = "0123456789abcdef"
	out := make([]byte, 0, len(b)*3)
	for i, c := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, hexdigits[c>>4], hexdigits[c&15])
	}
	return string(out)
}
