//go:build linux

package modem

import (
	"errors"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/hwident/hwident/hw/modem/modemtest"
)

func quectel(locked bool) func(string) []byte {
	return modemtest.Quectel("867648043678091", "989450100000123456F8", "262011234567890", locked)
}

func TestQueryATFakeModem(t *testing.T) {
	timeout := 2 * time.Second
	tests := []struct {
		name    string
		echo    bool
		reply   func(string) []byte
		want    Modem
		errs    []error // each must match one of Modem.Errs, in order
		wantErr error
	}{
		{name: "quectel", echo: true, reply: quectel(false),
			want: Modem{IMEI: "867648043678091", ICCID: "8949050100002143658", IMSI: "262011234567890", MCC: "262", MNC: "01"}},
		{name: "no echo", reply: quectel(false),
			want: Modem{IMEI: "867648043678091", ICCID: "8949050100002143658", IMSI: "262011234567890", MCC: "262", MNC: "01"}},
		{name: "PIN-locked SIM: ICCID and IMEI still read", echo: true, reply: quectel(true),
			want: Modem{IMEI: "867648043678091", ICCID: "8949050100002143658"}, errs: []error{ErrSIMLocked}},
		{name: "no SIM", echo: true, reply: func(cmd string) []byte {
			switch cmd {
			case "AT":
				return []byte("\r\nOK\r\n")
			case "AT+CGSN":
				return []byte("\r\n+CGSN: \"867648043678091\"\r\n\r\nOK\r\n")
			}
			return []byte("\r\n+CME ERROR: SIM not inserted\r\n")
		}, want: Modem{IMEI: "867648043678091"}, errs: []error{ErrNoSIM, ErrNoSIM}},
		{name: "vendor ICCID fallback and unsolicited codes", reply: func(cmd string) []byte {
			switch cmd {
			case "AT", "AT+CRSM=176,28589,0,0,4":
				return []byte("\r\nOK\r\n")
			case "AT+CGSN":
				return []byte("\r\n+CREG: 1\r\n\r\n867648043678091\r\n\r\nOK\r\n")
			case "AT+CRSM=176,12258,0,0,10":
				return []byte("\r\n+CRSM: 106,130,\"\"\r\n\r\nOK\r\n") // 6A 82: file not found
			case "AT+CCID":
				return []byte("\r\nERROR\r\n")
			case "AT+QCCID":
				return []byte("\r\n+QCCID: 89860318245411234567F\r\n\r\nOK\r\n")
			case "AT+CIMI":
				return []byte("\r\nRING\r\n460011234567890\r\nOK\r\n")
			}
			return []byte("\r\nERROR\r\n")
		}, want: Modem{IMEI: "867648043678091", ICCID: "89860318245411234567", IMSI: "460011234567890", MCC: "460"}},
		{name: "hung modem", echo: false, reply: func(string) []byte { return nil }, wantErr: ErrTimeout},
		{name: "hangs after AT", reply: func(cmd string) []byte {
			if cmd == "AT" {
				return []byte("\r\nOK\r\n")
			}
			return nil
		}, errs: []error{ErrTimeout}},
		{name: "not an AT port (GPS NMEA)", reply: func(string) []byte {
			return []byte("$GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00*74\r\nERROR\r\n")
		}, wantErr: ErrNotAT},
		{name: "garbage", reply: func(cmd string) []byte {
			if cmd == "AT" {
				return []byte("\r\nOK\r\n")
			}
			return []byte("\r\n\x00\xff\x1b[2J12345\r\n+CRSM: 144,0,\"ZZ\"\r\nOK\r\n")
		}, errs: []error{ErrNoAnswer, ErrBadReply, ErrNoAnswer}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			master, slave := modemtest.OpenPTY(t)
			timeout := timeout
			if tc.wantErr == ErrTimeout || len(tc.errs) == 1 && tc.errs[0] == ErrTimeout {
				timeout = 200 * time.Millisecond
			}
			var before syscall.Termios
			ttyState(t, slave, &before)
			fake := modemtest.Start(t, master, tc.echo, tc.reply)
			p, err := OpenTTY(slave)
			if err != nil {
				t.Fatal(err)
			}
			got, err := QueryAT(p, timeout)
			if cerr := p.Close(); cerr != nil {
				t.Errorf("close: %v", cerr)
			}
			var after syscall.Termios
			ttyState(t, slave, &after)
			if before != after {
				t.Errorf("termios not restored:\nbefore %+v\nafter  %+v", before, after)
			}
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("err %v, want %v (commands %q)", err, tc.wantErr, fake.Commands())
			}
			if len(got.Errs) != len(tc.errs) {
				t.Fatalf("errs %v, want %d matching %v", got.Errs, len(tc.errs), tc.errs)
			}
			for i, e := range tc.errs {
				if !errors.Is(got.Errs[i], e) {
					t.Errorf("errs[%d] = %v, want %v", i, got.Errs[i], e)
				}
			}
			got.Errs = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// ttyState reads a tty's termios through a separate descriptor, as the
// next user of the port would find it.
func ttyState(t *testing.T, name string, st *syscall.Termios) {
	t.Helper()
	fd, err := syscall.Open(name, syscall.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := termios(fd, syscall.TCGETS, st); err != nil {
		t.Fatal(err)
	}
}
