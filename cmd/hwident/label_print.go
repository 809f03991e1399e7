//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// printTimeout bounds connecting to and writing to a printer.
const printTimeout = 20 * time.Second

// sendToPrinter sends a whole print job, or fails: nothing counts as printed
// that was not completely handed to the printer, CUPS or the device.
func sendToPrinter(target string, job []byte) error {
	if strings.HasPrefix(target, "/") {
		return sendDevice(target, job)
	}
	if send, rest := stationPrinter(target); send != nil {
		return send(rest, job)
	}
	return usageErr("--print %q: use an absolute device path such as /dev/usb/lp0%s", target,
		stationOnly(", tcp://HOST[:9100] or lp:QUEUE", strings.HasPrefix(target, "tcp://") || strings.HasPrefix(target, "lp:")))
}

// sendDevice writes the job to a device node such as /dev/usb/lp0, or to
// a file. Paths under /dev are never created: a missing printer must fail,
// not leave a regular file behind.
func sendDevice(path string, job []byte) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if strings.HasPrefix(path, "/dev/") {
		flags = os.O_WRONLY
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return fmt.Errorf("print to %s: %w (check the printer is connected and you may write to it)", path, err)
	}
	// Device nodes that the poller cannot wait on have no deadline.
	if err := f.SetWriteDeadline(time.Now().Add(printTimeout)); err != nil && !errors.Is(err, os.ErrNoDeadline) {
		f.Close()
		return fmt.Errorf("print to %s: %w", path, err)
	}
	n, err := f.Write(job)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("print to %s: sent %d of %d bytes: %w (check the printer is on and has media)", path, n, len(job), err)
	}
	return nil
}
