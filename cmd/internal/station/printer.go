package station

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
)

// Printer is what label --print adds on a station: it returns the sender of
// a whole print job to a network printer (tcp://HOST[:PORT]) or a CUPS
// queue (lp:QUEUE), taking at most timeout, or nil for another target.
// The device build leaves it out (docs/size.md).
func Printer(target string, timeout time.Duration) func(job []byte) error {
	if rest, ok := strings.CutPrefix(target, "tcp://"); ok {
		return func(job []byte) error { return sendTCP(rest, job, timeout) }
	}
	if rest, ok := strings.CutPrefix(target, "lp:"); ok {
		return func(job []byte) error { return sendLP(rest, job, timeout) }
	}
	return nil
}

// sendTCP sends the job to a printer's raw port (JetDirect, 9100 by
// default) and closes the connection once every byte is written.
func sendTCP(target string, job []byte, timeout time.Duration) error {
	hostport, err := printerAddress(target)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("tcp", hostport, timeout)
	if err != nil {
		return fmt.Errorf("print to tcp://%s: %w (check the printer's address, that it is on and port 9100 is open)", hostport, err)
	}
	conn.SetWriteDeadline(time.Now().Add(timeout))
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
		return "", cli.Usagef("--print tcp://%s: name the printer, e.g. tcp://192.0.2.10 or tcp://zebra.local:9100", target)
	}
	return hostport, nil
}

// sendLP submits the job to a CUPS queue unfiltered (lp -o raw).
func sendLP(queue string, job []byte, timeout time.Duration) error {
	if queue == "" || strings.HasPrefix(queue, "-") {
		return cli.Usagef("--print lp:%s: name a CUPS queue, e.g. lp:zebra (see lpstat -p)", queue)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
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
