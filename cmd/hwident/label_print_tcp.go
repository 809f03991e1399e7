//go:build !identityonly

package main

import (
	"fmt"
	"net"
	"time"
)

// sendTCP sends the job to a printer's raw port (JetDirect, 9100 by
// default) and closes the connection once every byte is written.
func sendTCP(hostport string, job []byte) error {
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		hostport = net.JoinHostPort(hostport, "9100")
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
