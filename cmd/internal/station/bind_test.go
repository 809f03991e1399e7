package station

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
)

func testDevice(n int) identity.Identity {
	return identity.Identity{{Key: "mac", Value: "b8:27:eb:00:00:0" + string(rune('0'+n))}}
}

func labelPayload(t *testing.T, id identity.Identity) string {
	t.Helper()
	p, err := payload.Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func bindArgs(ledgerPath string, extra ...string) []string {
	return append([]string{"hwident", "bind", "--ledger", ledgerPath, "--station", "st1", "--operator", "ann"}, extra...)
}

func TestSplitScans(t *testing.T) {
	tests := []struct {
		in   string
		tty  bool
		want []string
	}{
		{"A\rB\nC\r\nD\tE", false, []string{"A", "B", "C", "D", "E"}},
		{"A\r\n\r\nB\n\n", false, []string{"A", "", "B", ""}},
		{"A\r\rB", false, []string{"A", "", "B"}},
		{"A\x04B\n", false, []string{"A\x04B"}},
		{"A\nB\x04C\n", true, []string{"A", "B"}},
		{"A\n\x04", true, []string{"A"}},
		{"AB\x7fC\x15XY\n", true, []string{"XY"}},
	}
	for _, tt := range tests {
		for name, r := range map[string]io.Reader{"whole": strings.NewReader(tt.in), "byte by byte": iotest.OneByteReader(strings.NewReader(tt.in))} {
			out := make(chan scanLine)
			errc := make(chan error, 1)
			go readScans(r, tt.tty, out, errc)
			var got []string
			for l := range out {
				got = append(got, l.text)
			}
			if err := <-errc; err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("%q (tty %v, %s): %q, %v; want %q", tt.in, tt.tty, name, got, err, tt.want)
			}
		}
	}
}

func TestBindPairs(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	d1, d2, d3 := labelPayload(t, testDevice(1)), labelPayload(t, testDevice(2)), labelPayload(t, testDevice(3))
	// Device first and product first; CR, CRLF, TAB and LF; spaces, lower
	// case and a double scan; a GS1 Digital Link product.
	in := d1 + "\r" + " prd-1 \r\n" + "PRD-2\t" + strings.ToLower(d2) + "\n" + strings.ToLower(d2) + "\n" +
		"https://id.gs1.org/01/09506000134352/21/sn900\n" + d3 + "\r"
	res := runHwident(t, in, nil, bindArgs(lp)...)
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	want := []string{
		"bound PRD-1 to " + describeDevice(testDevice(1)),
		"bound PRD-2 to " + describeDevice(testDevice(2)),
		"bound SN900 to " + describeDevice(testDevice(3)),
	}
	if got := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n"); !slices.Equal(got, want) {
		t.Errorf("stdout:\n%s\nwant:\n%s", res.stdout, strings.Join(want, "\n"))
	}
	s, err := ledger.Load(lp)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 3 || s.Records[2].GTIN != "09506000134352" || s.Records[0].Station != "st1" || s.Records[0].Operator != "ann" {
		t.Errorf("ledger records %+v", s.Records)
	}
}

func TestBindRules(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	d1, d2 := labelPayload(t, testDevice(1)), labelPayload(t, testDevice(2))
	if res := runHwident(t, d1+"\nPRD-1\n", nil, bindArgs(lp)...); res.code != 0 {
		t.Fatalf("first bind: %d %s", res.code, res.stderr)
	}
	// The same pair again: nothing recorded, not an error.
	if res := runHwident(t, "PRD-1\n"+d1+"\n", nil, bindArgs(lp)...); res.code != 0 || res.stdout != "" || !strings.Contains(res.stderr, "already bound") {
		t.Errorf("same pair: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	// The product is bound to device 1: refused without --replace.
	res := runHwident(t, d2+"\nPRD-1\n", nil, bindArgs(lp)...)
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "product PRD-1 is already bound to device") || !strings.Contains(res.stderr, "--replace") {
		t.Errorf("conflict: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	// Device 1 is bound to PRD-1: refused for another product.
	res = runHwident(t, "PRD-9\n"+d1+"\n", nil, bindArgs(lp)...)
	if res.code != 1 || !strings.Contains(res.stderr, "is already bound to product PRD-1") {
		t.Errorf("device conflict: exit %d, %q", res.code, res.stderr)
	}
	// A module swap with --replace records the previous device.
	res = runHwident(t, d2+"\nPRD-1\n", nil, bindArgs(lp, "--replace")...)
	if res.code != 0 || !strings.Contains(res.stdout, "replacing "+describeDevice(testDevice(1))) {
		t.Errorf("replace: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "prd-1")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "product PRD-1: bound to "+describeDevice(testDevice(2))) ||
		strings.Count(res.stdout, "\n  20") != 2 || !strings.Contains(res.stdout, " replace ") {
		t.Errorf("status PRD-1: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, d1)
	if res.code != 0 || !strings.HasPrefix(res.stdout, describeDevice(testDevice(1))+": not bound") || strings.Count(res.stdout, "\n  20") != 2 {
		t.Errorf("status device 1: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "PRD-404"); res.code != 1 || res.stdout != "" {
		t.Errorf("status of an unknown product: exit %d, %q", res.code, res.stdout)
	}
	// Unbind by device label, then device 2 is free.
	res = runHwident(t, "", nil, "hwident", "bind", "unbind", "--ledger", lp, "--station", "st2", "--operator", "bob", d2)
	if res.code != 0 || res.stdout != "unbound PRD-1 from "+describeDevice(testDevice(2))+"\n" {
		t.Errorf("unbind: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "bind", "unbind", "--ledger", lp, "--station", "st2", "--operator", "bob", "PRD-1"); res.code != 1 {
		t.Errorf("second unbind: exit %d", res.code)
	}
}

func TestBindRejects(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	d1 := labelPayload(t, testDevice(1))
	damaged := d1[:len(d1)-1] + map[bool]string{true: "1", false: "0"}[strings.HasSuffix(d1, "0")]
	in := "hello world!\n" + damaged + "\n" + d1 + "\n" + "PRD-1\n" + "PRD-2\n"
	res := runHwident(t, in, nil, bindArgs(lp)...)
	lines := strings.Split(strings.TrimSuffix(res.stderr, "\n"), "\n")
	if res.code != 1 || res.stdout != "bound PRD-1 to "+describeDevice(testDevice(1))+"\n" || len(lines) != 4 {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}
	for i, want := range []string{"rejected scan", "rejected scan", "dropped unpaired product PRD-2", "3 problems in 5 scans"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("stderr line %d %q does not say %q", i+1, lines[i], want)
		}
	}
	if !strings.Contains(lines[1], "check symbols") {
		t.Errorf("damaged label not reported as such: %q", lines[1])
	}
	for _, args := range [][]string{
		{"hwident", "bind"},
		{"hwident", "bind", "--ledger", lp, "--product-pattern", "("},
		{"hwident", "bind", "--ledger", lp, "extra"},
		{"hwident", "bind", "export", "--ledger", lp, "--format", "xml"},
		{"hwident", "bind", "status", "--ledger", lp},
	} {
		if res := runHwident(t, "", map[string]string{"USER": "u"}, args...); res.code != 2 {
			t.Errorf("%q: exit %d, want 2", args, res.code)
		}
	}
}

// TestBindPairTimeout feeds scans through a pipe with a pause longer than
// the pair timeout: the half pair is dropped while stdin blocks.
func TestBindPairTimeout(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	pr, pw := io.Pipe()
	errOut, errW := io.Pipe()
	var out strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run(bindArgs(lp, "--pair-timeout", "100ms"), pr, &out, errW, func(string) string { return "" })
		errW.Close()
	}()
	stderr := bufio.NewScanner(errOut)
	io.WriteString(pw, labelPayload(t, testDevice(1))+"\r")
	start := time.Now()
	if !stderr.Scan() || !strings.Contains(stderr.Text(), "dropped unpaired device") || !strings.Contains(stderr.Text(), "100ms") {
		t.Fatalf("no drop message: %q", stderr.Text())
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("dropped after %s, before the timeout", waited)
	}
	io.WriteString(pw, "PRD-1\r")
	io.WriteString(pw, labelPayload(t, testDevice(1))+"\r")
	pw.Close()
	for stderr.Scan() {
		t.Logf("stderr: %s", stderr.Text())
	}
	if err := <-done; err == nil {
		t.Error("a dropped pair did not fail the session")
	}
	if out.String() != "bound PRD-1 to "+describeDevice(testDevice(1))+"\n" {
		t.Errorf("stdout %q: the device scanned again after the drop should pair", out.String())
	}
}

func TestBindExport(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	dev := identity.Identity{{Key: "mac", Value: "b8:27:eb:00:00:01"}, {Key: "serial", Value: "A<&>B"}, {Key: "raw", Value: "\xff%"}}
	if res := runHwident(t, "PRD-2\n"+labelPayload(t, testDevice(2))+"\n(01)09506000134352(21)PRD-1\n"+labelPayload(t, dev)+"\n", nil, bindArgs(lp)...); res.code != 0 {
		t.Fatalf("bind: %d %s", res.code, res.stderr)
	}
	res := runHwident(t, "", nil, "hwident", "bind", "export", "--ledger", lp)
	rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	if res.code != 0 || err != nil || len(rows) != 3 {
		t.Fatalf("csv: exit %d, %v, %q", res.code, err, res.stdout)
	}
	if r := rows[1]; r[0] != "PRD-1" || r[1] != "09506000134352" || r[2] != dev.ID() || r[3] != string(dev.JSON()) || r[5] != "st1" || r[6] != "ann" {
		t.Errorf("csv row %q", r)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "export", "--ledger", lp, "--format", "json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &got); res.code != 0 || err != nil || len(got) != 2 {
		t.Fatalf("json: exit %d, %v, %s", res.code, err, res.stdout)
	}
	idData, _ := json.Marshal(got[0]["identity_data"])
	if got[0]["product_serial"] != "PRD-1" || got[0]["identity_hash"] != dev.ID() || string(idData) != string(dev.JSON()) {
		t.Errorf("json export %v", got[0])
	}
	// The attribute list gives back the identity, even bytes that are not UTF-8.
	var attrs identity.Identity
	for _, a := range got[0]["identity"].([]any) {
		m := a.(map[string]any)
		v := m["value"].(string)
		if pct, ok := m["value_pct"].(string); ok {
			var err error
			if v, err = identity.DecodeValue(pct); err != nil {
				t.Fatal(err)
			}
		}
		attrs = append(attrs, identity.Attr{Key: m["key"].(string), Value: v})
	}
	if !slices.Equal(attrs, dev) {
		t.Errorf("json export identity %q, want %q", attrs, dev)
	}
}

// FuzzSplitScans compares the scan splitter, fed whole and byte by byte,
// with a reference: CRLF, CR and TAB all mean LF.
func FuzzSplitScans(f *testing.F) {
	for _, s := range []string{"A\rB\nC\r\nD\tE", "A\r\r\nB", "\r\n\r", "HW10CD\r\nPRD-1\t", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > maxScan {
			return
		}
		ref := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "\n").Replace(in)
		want := strings.Split(ref, "\n")
		if want[len(want)-1] == "" {
			want = want[:len(want)-1]
		}
		for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in))} {
			out := make(chan scanLine)
			errc := make(chan error, 1)
			go readScans(r, false, out, errc)
			var got []string
			for l := range out {
				got = append(got, l.text)
			}
			if err := <-errc; err != nil || !slices.Equal(got, want) {
				t.Fatalf("%q: %q, %v; want %q", in, got, err, want)
			}
		}
	})
}

// TestBindStatusEscapesLedgerText: station and operator names come from the
// ledger file, which anyone with write access may have edited; status must
// not hand their control bytes to the terminal.
func TestBindStatusEscapesLedgerText(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	d1 := labelPayload(t, testDevice(1))
	args := []string{"hwident", "bind", "--ledger", lp, "--station", "line\x1b]0;pwned\x07", "--operator", "ann\x1b[2J"}
	if res := runHwident(t, d1+"\nPRD-1\n", nil, args...); res.code != 0 {
		t.Fatalf("bind: %d %s", res.code, res.stderr)
	}
	res := runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "PRD-1")
	if res.code != 0 || strings.ContainsAny(res.stdout, "\x1b\x07") ||
		!strings.Contains(res.stdout, `operator "ann\x1b[2J"`) || !strings.Contains(res.stdout, `station "line\x1b]0;pwned\a"`) {
		t.Errorf("status: exit %d\n%q\n%s", res.code, res.stdout, res.stderr)
	}
}
