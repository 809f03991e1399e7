package station

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// TestBindScanTooLong: a scan over 4096 bytes is rejected alone, its half
// pair is dropped and announced, and the session goes on.
func TestBindScanTooLong(t *testing.T) {
	d1, d2 := labelPayload(t, testDevice(1)), labelPayload(t, testDevice(2))
	long := strings.Repeat("X", 5000)
	tests := []struct {
		name, in string
		stdout   string
		stderr   []string
	}{
		{"mid-session", d1 + "\n" + long + "\nPRD-1\n" + d2 + "\r\n",
			"bound PRD-1 to " + describeDevice(testDevice(2)) + "\n",
			[]string{"5000 bytes, longer than 4096", "dropped unpaired " + describeDevice(testDevice(1)), "2 problems in 4 scans"}},
		{"last, no terminator", "PRD-1\n" + d1 + "\n" + long,
			"bound PRD-1 to " + describeDevice(testDevice(1)) + "\n",
			[]string{"5000 bytes", "1 problems in 3 scans"}},
		{"exactly 4096 is a scan", "PRD-1\t" + strings.Repeat("Y", 4096) + "\n" + d1 + "\n",
			"bound PRD-1 to " + describeDevice(testDevice(1)) + "\n",
			[]string{"rejected scan: scan is neither", "1 problems in 3 scans"}},
	}
	for _, tt := range tests {
		for how, wrap := range map[string]func(io.Reader) io.Reader{"whole": func(r io.Reader) io.Reader { return r }, "byte by byte": iotest.OneByteReader} {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				lp := filepath.Join(t.TempDir(), "ledger.jsonl")
				var out, errb bytes.Buffer
				err := run(bindArgs(lp), wrap(strings.NewReader(tt.in)), &out, &errb, func(string) string { return "" })
				if err == nil || out.String() != tt.stdout {
					t.Errorf("err %v, stdout %q, want %q", err, out.String(), tt.stdout)
				}
				if err != nil {
					errb.WriteString(err.Error()) // what exitCode prints last
				}
				for _, w := range tt.stderr {
					if !strings.Contains(errb.String(), w) {
						t.Errorf("stderr lacks %q:\n%.500s", w, errb.String())
					}
				}
				if strings.Contains(errb.String(), "token too long") || strings.Contains(errb.String(), "4096 (") != strings.Contains(tt.in, long) {
					t.Errorf("stderr:\n%.500s", errb.String())
				}
			})
		}
	}
}

func TestDefaultOperator(t *testing.T) {
	noAccount := func() (string, error) { return "", errors.New("unknown uid") }
	account := func() (string, error) { return "kiosk", nil }
	tests := []struct {
		user    string
		account func() (string, error)
		want    string
	}{
		{"ann", account, "ann"},
		{"", account, "kiosk"},
		{" ", account, "kiosk"},
		{"", noAccount, ""},
	}
	for _, tt := range tests {
		if got := defaultOperator(func(string) string { return tt.user }, tt.account); got != tt.want {
			t.Errorf("USER %q: %q, want %q", tt.user, got, tt.want)
		}
	}
	// Without $USER, bind records this process's account (root in CI).
	name, err := accountName()
	if err != nil {
		t.Skipf("this uid has no account name: %v", err)
	}
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	res := runHwident(t, "PRD-1\n"+labelPayload(t, testDevice(1))+"\n", nil, "hwident", "bind", "--ledger", lp, "--station", "s")
	if res.code != 0 {
		t.Fatalf("bind without $USER: exit %d, %s", res.code, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "PRD-1")
	if !strings.Contains(res.stdout, "operator "+name+")") {
		t.Errorf("operator not the account name %q:\n%s", name, res.stdout)
	}
}

func TestBindFlagChecks(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	for _, d := range []string{"-5s", "-1ns"} {
		if res := runHwident(t, "", nil, bindArgs(lp, "--pair-timeout", d)...); res.code != 2 || !strings.Contains(res.stderr, "--pair-timeout") {
			t.Errorf("--pair-timeout %s: exit %d, %q; want a usage error", d, res.code, res.stderr)
		}
	}
	// Flags after the operand count.
	if res := runHwident(t, "PRD-1\n"+labelPayload(t, testDevice(1))+"\n", nil, bindArgs(lp)...); res.code != 0 {
		t.Fatal(res.stderr)
	}
	res := runHwident(t, "", nil, "hwident", "bind", "unbind", "--ledger", lp, "PRD-1", "--station", "s9", "--operator", "zed")
	if res.code != 0 {
		t.Fatalf("unbind with flags after the operand: exit %d, %s", res.code, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "PRD-1")
	if !strings.Contains(res.stdout, "unbind  product PRD-1") || !strings.Contains(res.stdout, "station s9  operator zed") {
		t.Errorf("unbind did not record --station/--operator given after the operand:\n%s", res.stdout)
	}
}

// TestBindDamagedLedger: a damaged line stops every decision with a
// message saying how to repair; verify lists it; repair acknowledges it.
func TestBindDamagedLedger(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	d1, d2, d3 := labelPayload(t, testDevice(1)), labelPayload(t, testDevice(2)), labelPayload(t, testDevice(3))
	if res := runHwident(t, "PRD-1\n"+d1+"\nPRD-2\n"+d2+"\n", nil, bindArgs(lp)...); res.code != 0 {
		t.Fatal(res.stderr)
	}
	data, _ := os.ReadFile(lp)
	lines := bytes.SplitAfter(data, []byte("\n"))
	lines[1] = []byte("{\"time\": oops\x1b[2J\n") // line 2: PRD-1's binding
	os.WriteFile(lp, bytes.Join(lines, nil), 0o644)

	res := runHwident(t, "PRD-1\n"+d3+"\n", nil, bindArgs(lp)...)
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "line 2 (offset ") || !strings.Contains(res.stderr, "bind repair") {
		t.Errorf("bind on a damaged ledger: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "unbind", "--ledger", lp, "--station", "s", "--operator", "o", "PRD-2")
	if res.code != 1 || !strings.Contains(res.stderr, "damaged") {
		t.Errorf("unbind on a damaged ledger: exit %d, %q", res.code, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "PRD-2")
	if res.code != 0 || !strings.Contains(res.stderr, "until it is repaired") {
		t.Errorf("status on a damaged ledger: exit %d, %q; want it shown, with a warning", res.code, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "verify", "--ledger", lp)
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "line 2 (offset ") || strings.Contains(res.stderr, "\x1b") {
		t.Errorf("verify: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "repair", "--ledger", lp, "--station", "s", "--operator", "o")
	if res.code != 0 || !strings.Contains(res.stdout, "acknowledged line 2 ") {
		t.Fatalf("repair: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "verify", "--ledger", lp)
	if res.code != 0 || !strings.Contains(res.stdout, "ok") || !strings.Contains(res.stdout, "1 damaged line(s) acknowledged") {
		t.Errorf("verify after repair: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, "PRD-1\n"+d3+"\n", nil, bindArgs(lp)...); res.code != 0 {
		t.Errorf("bind after repair: exit %d, %s", res.code, res.stderr)
	}
}

// TestBindNotALedger: any other file is refused and left as it was.
func TestBindNotALedger(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(lp, []byte("shopping list\n"), 0o644)
	res := runHwident(t, "PRD-1\n"+labelPayload(t, testDevice(1))+"\n", nil, bindArgs(lp)...)
	if res.code != 1 || !strings.Contains(res.stderr, "not a hwident ledger") {
		t.Errorf("exit %d, %q", res.code, res.stderr)
	}
	if got, _ := os.ReadFile(lp); string(got) != "shopping list\n" {
		t.Errorf("the file became %q", got)
	}
}
