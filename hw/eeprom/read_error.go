package eeprom

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
)

// Classes of read failures; a *ReadError wraps one of them.
var (
	ErrNoBus        = errors.New("I²C bus missing")
	ErrPermission   = errors.New("permission denied")
	ErrNoDevice     = errors.New("no device at that address (NACK)")
	ErrBusy         = errors.New("address busy: a kernel driver owns the device")
	ErrShortRead    = errors.New("short read")
	ErrNotSupported = errors.New("adapter does not support the transfer")
	ErrRange        = errors.New("offset out of range for the addressing mode")
)

// ReadError is a failed read of an EEPROM: where, which class, and the
// underlying error from the bus.
type ReadError struct {
	Bus   int
	Addr  uint16
	Off   int
	Class error // one of the Err* classes above, nil when unclassified
	Err   error // what the bus returned
}

func (e *ReadError) Error() string {
	where := fmt.Sprintf("i2c-%d address 0x%02x", e.Bus, e.Addr)
	switch e.Class {
	case ErrNoBus:
		return fmt.Sprintf("i2c-%d: /dev/i2c-%d is missing: load the i2c-dev module (modprobe i2c-dev) and check that the bus is enabled (%v)", e.Bus, e.Bus, e.Err)
	case ErrPermission:
		return fmt.Sprintf("i2c-%d: permission denied: run as root or add the user to the i2c group (%v)", e.Bus, e.Err)
	case ErrNoDevice:
		return fmt.Sprintf("%s: no device answers (NACK): check the bus number, the address and that the chip is powered (%v)", where, e.Err)
	case ErrBusy:
		return fmt.Sprintf("%s: busy, a kernel driver owns it: read /sys/bus/i2c/devices/%d-%04x/eeprom instead (%v)", where, e.Bus, e.Addr, e.Err)
	case ErrShortRead:
		return fmt.Sprintf("%s: short read at offset 0x%x: %v", where, e.Off, e.Err)
	case ErrNotSupported:
		return fmt.Sprintf("%s: the adapter supports neither plain I²C transfers nor the SMBus reads this chip needs (%v)", where, e.Err)
	case ErrRange:
		return fmt.Sprintf("%s: offset 0x%x: %v", where, e.Off, e.Err)
	}
	return fmt.Sprintf("%s: offset 0x%x: %v", where, e.Off, e.Err)
}

// Unwrap appends to made slices: []error{...} literals would each link an
// array type and its equality function (device builds count bytes).
func (e *ReadError) Unwrap() []error {
	if e.Class == nil {
		return append(make([]error, 0, 1), e.Err)
	}
	return append(make([]error, 0, 2), e.Class, e.Err)
}

// errnoClasses maps errno texts to classes. ENXIO, EREMOTEIO and EIO are
// what adapters return for a NACK; EOPNOTSUPP is I2C_RDWR on an SMBus-only
// adapter; ENOTTY is i2c-dev ioctls on a file that is not an i2c-dev node.
// The classes are pointers so that the table is static data, not built
// at start-up.
var errnoClasses = []struct {
	text  string
	class *error
}{
	{"no such device or address", &ErrNoDevice},
	{"remote I/O error", &ErrNoDevice},
	{"input/output error", &ErrNoDevice},
	{"device or resource busy", &ErrBusy},
	{"operation not supported", &ErrNotSupported},
	{"inappropriate ioctl for device", &ErrNotSupported},
	{"permission denied", &ErrPermission},
	{"operation not permitted", &ErrPermission},
	{"no such file or directory", &ErrNoBus},
	{"no such device", &ErrNoBus},
}

// classify returns the class of a bus error. A syscall.Errno in the chain
// (our SMBus file) is used directly. periph's sysfs driver formats errno
// values with %v ("sysfs-i2c: remote I/O error"), so the errno is gone
// from its errors and only its text is left: this is the one place that
// reads error text, matching the errno messages as a suffix.
func classify(err error) error {
	text := err.Error()
	if errno, ok := asError[syscall.Errno](err); ok {
		text = errno.Error()
	}
	for _, c := range errnoClasses {
		if strings.HasSuffix(text, c.text) {
			return *c.class
		}
	}
	return nil
}

// OpenError classifies the error of opening /dev/i2c-N (periph's
// sysfs.NewI2C or os.OpenFile) for bus.
func OpenError(bus int, err error) error {
	return &ReadError{Bus: bus, Class: classify(err), Err: err}
}
