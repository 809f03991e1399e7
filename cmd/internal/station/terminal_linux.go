//go:build linux

package station

import (
	"fmt"
	"syscall"
	"unsafe"
)

// isTerminal asks the terminal driver (TCGETS), as isatty(3) does.
func isTerminal(fd uintptr) bool {
	var t syscall.Termios
	return termios(fd, syscall.TCGETS, &t) == nil
}

// setScanMode turns off line buffering (ICANON) so that a TAB-terminated
// scan arrives at once, keeping echo and signals; restore undoes it.
func setScanMode(fd uintptr) (restore func(), err error) {
	var saved syscall.Termios
	if err := termios(fd, syscall.TCGETS, &saved); err != nil {
		return nil, fmt.Errorf("read terminal mode: %w", err)
	}
	t := saved
	t.Lflag &^= syscall.ICANON
	t.Cc[syscall.VMIN], t.Cc[syscall.VTIME] = 1, 0
	if err := termios(fd, syscall.TCSETS, &t); err != nil {
		return nil, fmt.Errorf("set terminal mode: %w", err)
	}
	return func() { termios(fd, syscall.TCSETS, &saved) }, nil
}

func termios(fd, req uintptr, t *syscall.Termios) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(unsafe.Pointer(t))); errno != 0 {
		return errno
	}
	return nil
}
