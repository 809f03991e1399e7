package modem

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// A reply from the bus is untrusted: any bytes decode to a message or an
// error, never a panic or an allocation past maxMessage.
func FuzzDBusRead(f *testing.F) {
	var e enc
	e.b = append(e.b, 'l', msgMethodReturn, 0, 1)
	e.u32(8)
	e.u32(1)
	e.u32(0)
	e.str('s', "ab")
	f.Add(e.b)
	f.Add([]byte("l\x02\x00\x01\x04\x00\x00\x00\x01\x00\x00\x00\x0f\x00\x00\x00\x05\x01u\x00\x01\x00\x00\x00\x08\x01g\x00\x01u\x00\x00\x07\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		bus := &bus{rw: struct {
			io.Reader
			io.Writer
		}{bytes.NewReader(b), io.Discard}}
		m, err := bus.read()
		if err == nil && m == nil {
			t.Fatal("nil message without error")
		}
	})
}

// Any answer bytes give values that pass their checks, or errors.
func FuzzATReply(f *testing.F) {
	f.Add("\r\n+CRSM: 144,0,\"989450100000123456F8\"\r\n\r\nOK\r\n")
	f.Add("\r\n867648043678091\r\nOK\r\n")
	f.Add("+CME ERROR: 11\r\n")
	f.Fuzz(func(t *testing.T, reply string) {
		a := &at{pending: []byte(reply)}
		var lines []string
		for {
			l, ok := a.nextLine()
			if !ok {
				break
			}
			if l == "" || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("line %q", l)
			}
			lines = append(lines, l)
		}
		if v, err := parseCRSMICCID(lines); err == nil && !ValidICCID(v) {
			t.Fatalf("ICCID %q passed", v)
		}
	})
}
