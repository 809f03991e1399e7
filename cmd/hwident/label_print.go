//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/identity"
)

// printTimeout bounds handing a job to a printer: connecting, waiting for
// a FIFO's reader, writing.
const printTimeout = 20 * time.Second

// sendToPrinter sends a whole print job, or fails: nothing counts as printed
// that was not completely handed to the printer, CUPS or the device.
func sendToPrinter(target string, job []byte) error {
	if strings.HasPrefix(target, "/") {
		return sendDevice(target, job, printTimeout)
	}
	if send := stationPrinter(target, printTimeout); send != nil {
		return send(job)
	}
	return cli.Usagef("--print %s: use an absolute device path such as /dev/usb/lp0%s", identity.Quote(target),
		stationOnly(", tcp://HOST[:9100] or lp:QUEUE", strings.HasPrefix(target, "tcp://") || strings.HasPrefix(target, "lp:")))
}

// sendDevice writes the job to a device node such as /dev/usb/lp0, a FIFO
// (a spooler reading it), or a file, all within timeout. Paths under /dev
// are never created: a missing printer must fail, not leave a regular file
// behind. The path is opened non-blocking: a FIFO nobody reads yet would
// block open(2) for ever, so hwident waits for a reader until the timeout
// and then fails.
func sendDevice(path string, job []byte, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	name := identity.Quote(path)
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC | syscall.O_NONBLOCK
	if strings.HasPrefix(path, "/dev/") {
		flags = os.O_WRONLY | syscall.O_NONBLOCK
	}
	f, err := openPrinter(path, flags, deadline)
	if errors.Is(err, syscall.ENXIO) {
		return fmt.Errorf("print to %s: nothing read it within %v: %w (is it a FIFO whose reader is not running?)", name, timeout, errPrintTimeout)
	}
	if err != nil {
		return fmt.Errorf("print to %s: %w (check the printer is connected and you may write to it)", name, err)
	}
	n, err := writeBefore(f, job, deadline)
	if err != nil {
		return fmt.Errorf("print to %s: sent %d of %d bytes: %w (check the printer is on, has media, and reads its input)", name, n, len(job), err)
	}
	return nil
}

// errPrintTimeout is a device that did not take the job within the timeout.
var errPrintTimeout = errors.New("timed out")

// openPrinter opens path, retrying while it is a FIFO without a reader
// (ENXIO) until the deadline.
func openPrinter(path string, flags int, deadline time.Time) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, flags, 0o644)
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			return f, err
		}
		time.Sleep(min(50*time.Millisecond, time.Until(deadline)+time.Millisecond))
	}
}

// writeBefore writes all of job and closes f, failing at the deadline. A
// FIFO or a device the poller can wait on gets a write deadline; others
// (regular files, devices without poll such as /dev/lp0) are written
// blocking in a goroutine that is abandoned at the deadline.
func writeBefore(f *os.File, job []byte, deadline time.Time) (int, error) {
	if err := f.SetWriteDeadline(deadline); err == nil {
		n, err := f.Write(job)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			err = errPrintTimeout
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return n, err
	} else if !errors.Is(err, os.ErrNoDeadline) {
		f.Close()
		return 0, err
	}
	// Not pollable: the descriptor is still O_NONBLOCK from the open, where
	// a write would fail with EAGAIN rather than wait; make it blocking.
	syscall.SetNonblock(int(f.Fd()), false)
	type written struct {
		n   int
		err error
	}
	// Whichever comes first, the write or the deadline, is the answer (a
	// channel and a timer function rather than select, which costs the
	// device build space: docs/size.md).
	done := make(chan written, 2)
	timer := time.AfterFunc(time.Until(deadline), func() { done <- written{0, errPrintTimeout} })
	defer timer.Stop()
	go func() {
		n, err := f.Write(job)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- written{n, err}
	}()
	w := <-done
	return w.n, w.err
}
