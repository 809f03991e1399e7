package modem

import (
	"os"
	"syscall"
)

// DialBus connects to a D-Bus message bus on a Unix socket (normally
// /run/dbus/system_bus_socket) with package syscall: package net is too
// big for the device build's budget (its row in docs/size.md). The returned file is
// non-blocking, so its deadlines work.
func DialBus(socket string) (*os.File, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: socket}); err != nil {
		syscall.Close(fd)
		return nil, &os.PathError{Op: "connect", Path: socket, Err: err}
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, os.NewSyscallError("setnonblock", err)
	}
	return os.NewFile(uintptr(fd), socket), nil
}
