package modem

import (
	"os"
	"syscall"
	"time"
	"unsafe"
)

// TTY is an AT port opened raw; Close puts its termios back as it was.
// Only the Port methods: embedding *os.File would link wrappers of all its
// methods into the device build.
type TTY struct {
	f     *os.File
	saved syscall.Termios
}

func (t *TTY) Read(b []byte) (int, error)        { return t.f.Read(b) }
func (t *TTY) Write(b []byte) (int, error)       { return t.f.Write(b) }
func (t *TTY) SetReadDeadline(d time.Time) error { return t.f.SetReadDeadline(d) }

// OpenTTY opens a serial port for an AT dialogue: non-blocking (so read
// deadlines work), not as controlling terminal, in raw mode. It refuses
// anything that is not a character device. The settings found are restored
// by Close, so a later user of the port (pppd, a modem manager) finds it as
// it was.
func OpenTTY(name string) (*TTY, error) {
	fd, err := syscall.Open(name, syscall.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	t := &TTY{}
	var st syscall.Stat_t
	op := "open"
	if err = syscall.Fstat(fd, &st); err == nil && st.Mode&syscall.S_IFMT != syscall.S_IFCHR {
		err = errNotCharDevice
	}
	if err == nil {
		op, err = "get termios", termios(fd, syscall.TCGETS, &t.saved)
	}
	if err == nil {
		raw := t.saved
		raw.Iflag &^= syscall.IGNBRK | syscall.BRKINT | syscall.PARMRK | syscall.ISTRIP | syscall.INLCR | syscall.IGNCR | syscall.ICRNL | syscall.IXON | syscall.IXOFF
		raw.Oflag &^= syscall.OPOST
		raw.Lflag &^= syscall.ECHO | syscall.ECHONL | syscall.ICANON | syscall.ISIG | syscall.IEXTEN
		raw.Cflag &^= syscall.CSIZE | syscall.PARENB | crtscts
		raw.Cflag |= syscall.CS8 | syscall.CREAD | syscall.CLOCAL
		raw.Cc[syscall.VMIN], raw.Cc[syscall.VTIME] = 1, 0
		op, err = "set termios", termios(fd, syscall.TCSETS, &raw)
	}
	if err != nil {
		syscall.Close(fd)
		return nil, &os.PathError{Op: op, Path: name, Err: err}
	}
	t.f = os.NewFile(uintptr(fd), name)
	return t, nil
}

// errNotCharDevice refuses a port that is not a character device.
const errNotCharDevice = Error("not a character device")

// Close restores the termios found at open and closes the port. Fd puts
// the descriptor back in blocking mode, which no longer matters then.
func (t *TTY) Close() error {
	err := termios(int(t.f.Fd()), syscall.TCSETS, &t.saved)
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func termios(fd int, req uintptr, t *syscall.Termios) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(unsafe.Pointer(t))); e != 0 {
		return e
	}
	return nil
}

// crtscts is CRTSCTS (hardware flow control), which package syscall lacks
// on some architectures; a USB modem port with it set but no RTS/CTS wiring
// would never send.
const crtscts = 0x80000000
