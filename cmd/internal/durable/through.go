package durable

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// fifoRetry is how often writeThrough tries again to open a FIFO that has
// no reader yet.
const fifoRetry = 20 * time.Millisecond

// writeThrough writes data into a character device or FIFO, never
// replacing it. It opens without blocking (a FIFO with no reader would
// block open forever) and waits for a reader until the deadline; writes
// have the same deadline where the kernel can poll the file (FIFOs,
// terminals, USB printers). Devices it cannot poll take blocking writes,
// as they would with cat.
func writeThrough(target string, data []byte, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var f *os.File
	for {
		var err error
		f, err = os.OpenFile(target, os.O_WRONLY|os.O_TRUNC|syscall.O_NONBLOCK, 0)
		if err == nil {
			break
		}
		// ENXIO: a FIFO without a reader (for a device: no such device).
		if fi, serr := os.Stat(target); errors.Is(err, syscall.ENXIO) && serr == nil && fi.Mode()&fs.ModeNamedPipe != 0 {
			if time.Now().Before(deadline) {
				time.Sleep(fifoRetry)
				continue
			}
			return fmt.Errorf("write %s: no process read the FIFO within %s", target, timeout)
		}
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := f.SetWriteDeadline(deadline); errors.Is(err, os.ErrNoDeadline) {
		// Not pollable: make writes block rather than fail with EAGAIN.
		if err := clearNonblock(f); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", target, err)
		}
	} else if err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", target, err)
	}
	n, err := f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("write %s: %d of %d bytes written in %s, then nothing more was accepted: %w", target, n, len(data), timeout, err)
	}
	if err != nil {
		return fmt.Errorf("write %s: %d of %d bytes written: %w", target, n, len(data), err)
	}
	return nil
}

func clearNonblock(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
