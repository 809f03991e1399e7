//go:build !device && !identityonly

package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"time"
)

// The station build also prints to network and CUPS printers. The device
// build leaves these out: net and os/exec would each cost it more than its
// 2.6 MB budget has left (docs/size.md).
// On a device, print with --print /dev/usb/lp0, or pipe the ZPL on stdout
// to nc for a network printer.
//
// stationPrinter returns the sender for a tcp:// or lp: target and the
// target without its prefix, or nil.
func stationPrinter(target string) (send func(string, []byte) error, rest string) {
	if rest, ok := strings.CutPrefix(target, "tcp://"); ok {
		return sendTCP, rest
	}
	if rest, ok := strings.CutPrefix(target, "lp:"); ok {
		return sendLP, rest
	}
	return nil, ""
}

// stationOnly returns what the station build adds to a list of choices.
func stationOnly(s string, _ bool) string { return s }

// sendTCP sends the job to a printer's raw port (JetDirect, 9100 by
// default) and closes the connection once every byte is written.
func sendTCP(target string, job []byte) error {
	hostport, err := printerAddress(target)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("tcp", hostport, printTimeout)
	if err != nil {
		return fmt.Errorf("print to tcp://%s: %w (check the printer's address, that it is on and port 9100 is open)", hostport, err)
	}
	conn.SetWriteDeadline(time.Now().Add(printTimeout))
	n, err := conn.Write(job)
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("print to tcp://%s: sent %d of %d bytes: %w", hostport, n, len(job), err)
	}
	return nil
}

// printerAddress is HOST:PORT for what follows tcp://, port 9100 unless
// given. An empty host is refused: the dialer would take it for localhost.
func printerAddress(target string) (string, error) {
	hostport := target
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		// No port. An IPv6 literal may come bracketed; JoinHostPort adds them.
		hostport = net.JoinHostPort(strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]"), "9100")
	}
	if host, _, _ := net.SplitHostPort(hostport); host == "" {
		return "", usageErr("--print tcp://%s: name the printer, e.g. tcp://192.0.2.10 or tcp://zebra.local:9100", target)
	}
	return hostport, nil
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
