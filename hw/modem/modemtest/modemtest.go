//go:build linux

// Package modemtest runs fake cellular modems on pseudo-terminals for tests
// of code that talks AT to a modem port.
package modemtest

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// OpenPTY opens a pseudo-terminal pair the way posix_openpt, grantpt and
// unlockpt do: /dev/ptmx, TIOCSPTLCK 0, TIOCGPTN for the slave's number.
// The master is the fake modem's end; the slave, returned by name, is the
// "modem port". It skips the test where there are no pseudo-terminals.
func OpenPTY(t testing.TB) (master *os.File, slave string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("ptsname: %v", e)
	}
	return m, "/dev/pts/" + strconv.Itoa(int(n))
}

// Modem answers AT commands on the master side of a pty.
type Modem struct {
	mu    sync.Mutex
	reply func(cmd string) []byte
	got   []string
	done  chan struct{}
}

// Start runs a fake modem on master until the test ends. reply maps a
// command (without the CR) to the bytes sent back; nil is no answer (a hung
// modem). With echo, each command is echoed first, as modems do (ATE1).
func Start(t testing.TB, master *os.File, echo bool, reply func(cmd string) []byte) *Modem {
	f := &Modem{reply: reply, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		var pending []byte
		buf := make([]byte, 256)
		for {
			n, err := master.Read(buf)
			if errors.Is(err, os.ErrClosed) {
				return
			}
			if err != nil {
				// EIO while no one has the slave open (between two users
				// of the port): wait for the next one.
				time.Sleep(5 * time.Millisecond)
				continue
			}
			pending = append(pending, buf[:n]...)
			for {
				i := strings.IndexByte(string(pending), '\r')
				if i < 0 {
					break
				}
				cmd := string(pending[:i])
				pending = pending[i+1:]
				f.mu.Lock()
				f.got = append(f.got, cmd)
				r := f.reply(cmd)
				f.mu.Unlock()
				var out []byte
				if echo {
					out = append(out, cmd+"\r"...)
				}
				if r == nil {
					continue
				}
				master.Write(append(out, r...))
			}
		}
	}()
	t.Cleanup(func() { master.Close(); <-f.done })
	return f
}

// SetReply changes the answers, e.g. to swap the SIM between two reads.
func (f *Modem) SetReply(reply func(cmd string) []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reply = reply
}

// Commands returns the commands received so far.
func (f *Modem) Commands() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

// Quectel answers as a Quectel EC25/EG25 does (V1: CR LF around each line)
// with a SIM whose EF_ICCID holds iccidSwapped (nibble-swapped BCD, as the
// SIM stores it) and IMSI imsi; locked makes the SIM PIN-locked.
func Quectel(imei, iccidSwapped, imsi string, locked bool) func(string) []byte {
	return func(cmd string) []byte {
		switch cmd {
		case "AT":
			return []byte("\r\nOK\r\n")
		case "AT+CGSN":
			return []byte("\r\n" + imei + "\r\n\r\nOK\r\n")
		case "AT+CRSM=176,12258,0,0,10":
			return []byte("\r\n+CRSM: 144,0,\"" + iccidSwapped + "\"\r\n\r\nOK\r\n")
		case "AT+CIMI":
			if locked {
				return []byte("\r\n+CME ERROR: 11\r\n")
			}
			return []byte("\r\n" + imsi + "\r\n\r\nOK\r\n")
		case "AT+CRSM=176,28589,0,0,4":
			return []byte("\r\n+CRSM: 144,0,\"00000002\"\r\n\r\nOK\r\n")
		}
		return []byte("\r\nERROR\r\n")
	}
}
