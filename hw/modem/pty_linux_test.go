//go:build linux

package modem

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair the way posix_openpt, grantpt and
// unlockpt do: /dev/ptmx, TIOCSPTLCK 0, TIOCGPTN for the slave's number.
// The master is the fake modem's end; the slave is the "modem port".
func openPTY(t *testing.T) (master *os.File, slave string) {
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

// fakeModem answers AT commands on the master side of a pty: reply maps a
// command to the bytes sent back (nil: no answer, a hung modem). It echoes
// each command first, as modems do by default (ATE1).
type fakeModem struct {
	mu   sync.Mutex
	got  []string
	done chan struct{}
}

func startFakeModem(t *testing.T, master *os.File, echo bool, reply func(cmd string) []byte) *fakeModem {
	f := &fakeModem{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		var pending []byte
		buf := make([]byte, 256)
		for {
			n, err := master.Read(buf)
			if err != nil {
				return
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
				f.mu.Unlock()
				var out []byte
				if echo {
					out = append(out, cmd+"\r"...)
				}
				r := reply(cmd)
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

func (f *fakeModem) commands() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}
