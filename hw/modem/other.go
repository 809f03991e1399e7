//go:build !linux

package modem

import (
	"errors"
	"os"
	"time"
)

// TTY is an AT port; only Linux builds can open one.
type TTY struct{ *os.File }

// SetReadDeadline is the Port method (a TTY is never opened here).
func (t *TTY) SetReadDeadline(d time.Time) error { return t.File.SetReadDeadline(d) }

// OpenTTY fails: termios handling is written for Linux only.
func OpenTTY(name string) (*TTY, error) {
	return nil, errors.New(name + ": AT ports are read on Linux only")
}

// DialBus fails: the D-Bus client is written for Linux only.
func DialBus(socket string) (*os.File, error) {
	return nil, errors.New(socket + ": ModemManager is read on Linux only")
}
