package modem

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Port is an open AT port. Reads must honour SetReadDeadline, so that a hung
// modem cannot hang the caller (Mender kills inventory scripts after 10 s).
type Port interface {
	io.ReadWriter
	SetReadDeadline(t time.Time) error
}

// Reply limits: an answer to one of our commands is a few short lines.
const (
	maxReplyBytes = 4096
	maxReplyLines = 32
)

// at is one AT dialogue. It never sends commands that change the modem's
// settings (not even ATE0): echoed commands are skipped instead.
type at struct {
	p       Port
	timeout time.Duration
	pending []byte // read but not yet split into lines
}

// command sends cmd and returns the information lines of its answer, or a
// *CommandError for a final result other than OK.
func (a *at) command(cmd string) ([]string, error) {
	if _, err := io.WriteString(a.p, cmd+"\r"); err != nil {
		return nil, fmt.Errorf("%s: write: %w", cmd, err)
	}
	if err := a.p.SetReadDeadline(time.Now().Add(a.timeout)); err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	var lines []string
	size := 0
	buf := make([]byte, 256)
	for {
		line, ok := a.nextLine()
		if !ok {
			n, err := a.p.Read(buf)
			size += n
			if size > maxReplyBytes {
				return nil, fmt.Errorf("%s: %w", cmd, ErrReplyTooBig)
			}
			a.pending = append(a.pending, buf[:n]...)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return nil, fmt.Errorf("%s: %w (%v)", cmd, ErrTimeout, a.timeout)
			}
			if err != nil && n == 0 {
				return nil, fmt.Errorf("%s: read: %w", cmd, err)
			}
			continue
		}
		switch {
		case line == cmd: // echo (E1, the default)
		case line == "OK":
			return lines, nil
		case line == "ERROR" || line == "NO CARRIER" || strings.HasPrefix(line, "+CME ERROR") || strings.HasPrefix(line, "+CMS ERROR"):
			return nil, &CommandError{Command: cmd, Result: line}
		default:
			if len(lines) == maxReplyLines {
				return nil, fmt.Errorf("%s: %w", cmd, ErrReplyTooBig)
			}
			lines = append(lines, line)
		}
	}
}

// nextLine takes the next non-empty line out of pending. Modems end lines
// with CR LF (V1) or CR alone.
func (a *at) nextLine() (string, bool) {
	for {
		i := strings.IndexAny(string(a.pending), "\r\n")
		if i < 0 {
			return "", false
		}
		line := strings.TrimSpace(string(a.pending[:i]))
		a.pending = a.pending[i+1:]
		if line != "" {
			return line, true
		}
	}
}

// QueryAT reads the IMEI, ICCID, IMSI and home operator over an AT port.
// Each value is asked for separately, so a PIN-locked SIM still gives its
// ICCID (AT+CRSM reads EF_ICCID, which needs no PIN) and the IMEI. The
// error is ErrNotAT when the port does not answer "AT" with OK (a GPS or
// diagnostics port), or a timeout; then nothing else is sent. Failed reads of
// single values are in Modem.Errs.
func QueryAT(p Port, timeout time.Duration) (Modem, error) {
	a := &at{p: p, timeout: timeout}
	var m Modem
	if _, err := a.command("AT"); err != nil {
		if errors.Is(err, ErrTimeout) {
			return m, err
		}
		return m, fmt.Errorf("%w: %w", ErrNotAT, err)
	}
	// A command that timed out leaves the modem in an unknown state (busy,
	// hung): stop there rather than wait out every command.
	hung := func(err error) bool {
		if err != nil {
			m.Errs = append(m.Errs, err)
		}
		return errors.Is(err, ErrTimeout)
	}
	var err error
	if m.IMEI, err = a.digits("AT+CGSN", "+CGSN:", ValidIMEI); hung(err) {
		return m, nil
	}
	if m.ICCID, err = a.iccid(); hung(err) {
		return m, nil
	}
	if m.IMSI, err = a.digits("AT+CIMI", "+CIMI:", ValidIMSI); hung(err) {
		return m, nil
	}
	if m.IMSI != "" {
		n, err := a.mncLength()
		if hung(err) {
			return m, nil
		}
		m.MCC, m.MNC = splitIMSI(m.IMSI, n)
	}
	return m, nil
}

// digits asks cmd for a number: the answer after prefix, or a bare line
// of digits; valid checks it.
func (a *at) digits(cmd, prefix string, valid func(string) bool) (string, error) {
	lines, err := a.command(cmd)
	if err != nil {
		return "", err
	}
	v, ok := valueLine(lines, prefix)
	if !ok || !valid(v) {
		return "", fmt.Errorf("%s: %w: %.64q", cmd, ErrNoAnswer, strings.Join(lines, "|"))
	}
	return v, nil
}

// iccid reads EF_ICCID (file 0x2FE2 = 12258) with READ BINARY (176), the
// 3GPP TS 27.007 way, then the vendor commands.
func (a *at) iccid() (string, error) {
	lines, err := a.command("AT+CRSM=176,12258,0,0,10")
	if errors.Is(err, ErrTimeout) {
		return "", err
	}
	first := err
	if err == nil {
		v, err := parseCRSMICCID(lines)
		if err == nil {
			return v, nil
		}
		first = err
	}
	for _, c := range []struct{ cmd, prefix string }{{"AT+CCID", "+CCID:"}, {"AT+QCCID", "+QCCID:"}} {
		lines, err := a.command(c.cmd)
		if errors.Is(err, ErrTimeout) {
			return "", err
		}
		if err != nil {
			continue
		}
		if v, ok := valueLine(lines, c.prefix); ok {
			if v = strings.TrimRight(v, "Ff"); ValidICCID(v) {
				return v, nil
			}
		}
	}
	return "", first
}

// mncLength reads EF_AD (0x6FAD = 28589): its fourth byte holds the length
// of the MNC in the IMSI (TS 31.102 4.2.18); 0 when the SIM does not say.
func (a *at) mncLength() (int, error) {
	lines, err := a.command("AT+CRSM=176,28589,0,0,4")
	if err != nil {
		if errors.Is(err, ErrTimeout) {
			return 0, err
		}
		return 0, nil
	}
	data, err := parseCRSM(lines)
	if err != nil || len(data) != 8 {
		return 0, nil
	}
	switch data[7] {
	case '2':
		return 2, nil
	case '3':
		return 3, nil
	}
	return 0, nil
}

// valueLine returns the line holding the answer: after prefix when the
// modem uses one, else the first line that is only digits (unsolicited
// codes such as +CREG: 1 or RING may come in between).
func valueLine(lines []string, prefix string) (string, bool) {
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			return strings.Trim(strings.TrimSpace(v), `"`), true
		}
	}
	for _, l := range lines {
		if v := strings.Trim(l, `"`); v != "" && isDigits(v) {
			return v, true
		}
	}
	return "", false
}
