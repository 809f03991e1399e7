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
	_, err := io.WriteString(a.p, cmd+"\r")
	if err == nil {
		err = a.p.SetReadDeadline(time.Now().Add(a.timeout))
	}
	var lines []string
	buf := make([]byte, 256)
	for size := 0; err == nil; {
		line, ok := a.nextLine()
		switch {
		case !ok:
			var n int
			n, err = a.p.Read(buf)
			a.pending = append(a.pending, buf[:n]...)
			if size += n; size > maxReplyBytes {
				err = ErrReplyTooBig
			} else if errors.Is(err, os.ErrDeadlineExceeded) {
				err = ErrTimeout
			} else if n > 0 {
				err = nil
			}
		case line == cmd: // echo (E1, the default)
		case line == "OK":
			return lines, nil
		case line == "ERROR" || line == "NO CARRIER" || strings.HasPrefix(line, "+CME ERROR") || strings.HasPrefix(line, "+CMS ERROR"):
			return nil, &CommandError{Command: cmd, Result: line}
		case len(lines) == maxReplyLines:
			err = ErrReplyTooBig
		default:
			lines = append(lines, line)
		}
	}
	return nil, fmt.Errorf("%s: %w", cmd, err)
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
		if !errors.Is(err, ErrTimeout) {
			err = fmt.Errorf("%w: %w", ErrNotAT, err)
		}
		return m, err
	}
	for step := 0; step < 4; step++ {
		var err error
		switch step {
		case 0:
			m.IMEI, err = a.value("AT+CGSN", ValidIMEI)
		case 1:
			m.ICCID, err = a.iccid()
		case 2:
			m.IMSI, err = a.value("AT+CIMI", ValidIMSI)
		case 3:
			if m.IMSI != "" {
				// EF_AD (0x6FAD = 28589) says how long the MNC is; a SIM
				// that does not say leaves the MNC out.
				// Its fourth byte (TS 31.102 4.2.18); the IMSI is MCC (3
				// digits), MNC, MSIN.
				var ad []string
				if ad, err = a.command("AT+CRSM=176,28589,0,0,4"); !errors.Is(err, ErrTimeout) {
					m.MCC, err = m.IMSI[:3], nil
					if data, perr := parseCRSM(ad); perr == nil && len(data) == 8 && (data[7] == '2' || data[7] == '3') {
						m.MNC = m.IMSI[3 : 3+data[7]-'0']
					}
				}
			}
		}
		if err != nil {
			m.Errs = append(m.Errs, err)
			// A command that timed out leaves the modem in an unknown
			// state (busy, hung): stop there rather than wait out every
			// command.
			if errors.Is(err, ErrTimeout) {
				break
			}
		}
	}
	return m, nil
}

// value asks cmd for a number: the answer after its prefix (+CGSN: for
// AT+CGSN) when the modem uses one, or a bare line of digits; valid checks
// it.
func (a *at) value(cmd string, valid func(string) bool) (string, error) {
	lines, err := a.command(cmd)
	if err != nil {
		return "", err
	}
	// The line holding the answer: after the prefix when the modem uses
	// one, else the first line that is only digits (unsolicited codes such
	// as +CREG: 1 or RING may come in between).
	v, ok, prefix := "", false, "+"+cmd[3:]+":"
	for _, l := range lines {
		if v, ok = strings.CutPrefix(l, prefix); ok {
			v = strings.Trim(strings.TrimSpace(v), `"`)
			break
		}
	}
	for _, l := range lines {
		if v2 := strings.Trim(l, `"`); !ok && isDigits(v2) {
			v, ok = v2, true
		}
	}
	if !ok || !valid(v) {
		return "", fmt.Errorf("%s: %w: %.64q", cmd, ErrNoAnswer, strings.Join(lines, "|"))
	}
	return v, nil
}

// iccid reads EF_ICCID (file 0x2FE2 = 12258) with READ BINARY (176), the
// 3GPP TS 27.007 way, then the vendor commands.
func (a *at) iccid() (string, error) {
	lines, err := a.command("AT+CRSM=176,12258,0,0,10")
	if err == nil {
		var v string
		if v, err = parseCRSMICCID(lines); err == nil {
			return v, nil
		}
	}
	first := err
	for _, cmd := range [...]string{"AT+CCID", "AT+QCCID"} {
		if errors.Is(err, ErrTimeout) {
			return "", err
		}
		var v string
		if v, err = a.value(cmd, validPaddedICCID); err == nil {
			return strings.TrimRight(v, "Ff"), nil
		}
	}
	if errors.Is(err, ErrTimeout) {
		return "", err
	}
	return "", first
}
