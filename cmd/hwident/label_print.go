//go:build !identityonly

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// printTimeout bounds connecting to and writing to a printer.
const printTimeout = 20 * time.Second

// sendToPrinter sends a whole print job, or fails: nothing counts as printed
// that was not completely handed to the printer, CUPS or the device.
func sendToPrinter(target string, job []byte) error {
	switch {
	case strings.HasPrefix(target, "tcp://"):
		return sendTCP(strings.TrimPrefix(target, "tcp://"), job)
	case strings.HasPrefix(target, "lp:"):
		return sendLP(strings.TrimPrefix(target, "lp:"), job)
	case strings.HasPrefix(target, "/"):
		return sendDevice(target, job)
	}
	return usageErr("--print %q: use tcp://HOST[:9100], lp:QUEUE or an absolute device path such as /dev/usb/lp0", target)
}

// sendLP submits the job to a CUPS queue unfiltered (lp -o raw).
func sendLP(queue string, job []byte) error {
	if queue == "" || strings.HasPrefix(queue, "-") {
		return usageErr("--print lp:%s: name a CUPS queue, e.g. lp:zebra (see lpstat -p)", queue)
	}
	ctx, cancel := context.WithTimeout(context.Background(), printTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "lp", "-d", queue, "-o", "raw")
	cmd.Stdin = bytes.NewReader(job)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("print to CUPS queue %s: %w: %s(check the queue exists and accepts jobs: lpstat -p %s)",
			queue, err, strings.TrimSpace(stderr.String())+" ", queue)
	}
	return nil
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
