package eeprom

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"
)

// TestAsErrorMatchesErrorsAs checks asError against errors.As on error
// trees as the bus and the os package build them.
func TestAsErrorMatchesErrorsAs(t *testing.T) {
	re := &ReadError{Bus: 1, Addr: 0x50, Class: ErrBusy, Err: syscall.EBUSY}
	pathErr := &fs.PathError{Op: "open", Path: "/dev/i2c-9", Err: syscall.ENOENT}
	for _, err := range []error{
		nil,
		errors.New("sysfs-i2c: remote I/O error"),
		syscall.ENXIO,
		pathErr,
		fmt.Errorf("read: %w", pathErr),
		re,
		fmt.Errorf("eeprom: %w", re),
		errors.Join(errors.New("first"), fmt.Errorf("x: %w", syscall.EIO)),
		fmt.Errorf("%w and %w", errors.New("no errno"), re),
		fmt.Errorf("two: %w, %w", syscall.EACCES, syscall.EPERM),
	} {
		var wantErrno syscall.Errno
		wantOK := errors.As(err, &wantErrno)
		if got, ok := asError[syscall.Errno](err); ok != wantOK || got != wantErrno {
			t.Errorf("%v: Errno %v, %v; errors.As: %v, %v", err, got, ok, wantErrno, wantOK)
		}
		var wantRE *ReadError
		wantOK = errors.As(err, &wantRE)
		if got, ok := asError[*ReadError](err); ok != wantOK || got != wantRE {
			t.Errorf("%v: *ReadError %v, %v; errors.As: %v, %v", err, got, ok, wantRE, wantOK)
		}
	}
}
