//go:build !identityonly

package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/labelbatch"
)

// runHwidentReader is runHwident with any stdin.
func runHwidentReader(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, stdin, &out, &errb, func(string) string { return "" })
	code := cli.ExitCode(err, &errb)
	return result{out.String(), errb.String(), code}
}

// zeros is an endless stdin, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// Every label input is bounded and typed: /dev/zero, an endless stdin, a
// file or a batch record over its cap, a socket or a directory are errors
// (exit 1, nothing on stdout) naming what was wrong, never an
// out-of-memory crash or a hang.
func TestLabelInputBounds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bigIdentity := write("big.txt", "mac="+strings.Repeat("a", cli.MaxIdentityInput)+"\n")
	longCSV := write("long.csv", "mac,serial\naa:bb:cc:dd:ee:01,SN1\naa:bb:cc:dd:ee:02,"+strings.Repeat("S", labelbatch.MaxRecord)+"\n")
	longJSON := write("long.jsonl", `{"mac":"aa:bb:cc:dd:ee:01"}`+"\n"+`{"mac":"`+strings.Repeat("a", labelbatch.MaxRecord)+`"}`+"\n")
	sock := filepath.Join(dir, "sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tests := []struct {
		name  string
		stdin io.Reader
		args  []string
		want  []string
		is    error
	}{
		{"identity /dev/zero", nil, []string{"--identity", "/dev/zero"}, []string{"--identity", `"/dev/zero"`, "character device", "- for stdin"}, cli.ErrInputType},
		{"batch /dev/zero", nil, []string{"--batch", "/dev/zero"}, []string{"--batch", "character device"}, cli.ErrInputType},
		{"identity directory", nil, []string{"--identity", dir}, []string{"a directory"}, cli.ErrInputType},
		{"batch socket", nil, []string{"--batch", sock}, []string{"a socket"}, cli.ErrInputType},
		{"identity - from zeros", zeros{}, []string{"--identity", "-"}, []string{"stdin", "64 KiB"}, cli.ErrInputTooLarge},
		{"batch - from zeros", zeros{}, []string{"--batch", "-"}, []string{"stdin", "64 MiB", "split the batch"}, cli.ErrInputTooLarge},
		{"identity file over the cap", nil, []string{"--identity", bigIdentity}, []string{"big.txt", "64 KiB"}, cli.ErrInputTooLarge},
		{"CSV record over the cap", nil, []string{"--batch", longCSV}, []string{"line 3", "64 KiB"}, labelbatch.ErrRecordTooLong},
		{"JSON record over the cap", nil, []string{"--batch", longJSON}, []string{"line 2", "64 KiB"}, labelbatch.ErrRecordTooLong},
		{"decode - from zeros", zeros{}, []string{"decode", "-"}, []string{"stdin", "64 KiB"}, cli.ErrInputTooLarge},
		{"missing file", nil, []string{"--identity", filepath.Join(dir, "nope")}, []string{"no such file"}, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := tt.stdin
			if stdin == nil {
				stdin = strings.NewReader("")
			}
			args := append([]string{"hwident", "label", "--format", "payload"}, tt.args...)
			if tt.args[0] == "decode" {
				args = append([]string{"hwident", "label"}, tt.args...)
			}
			r := runHwidentReader(t, stdin, args...)
			if r.code != 1 || r.stdout != "" {
				t.Errorf("code %d stdout %.80q stderr %q; want exit 1, nothing on stdout", r.code, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not say %q", r.stderr, w)
				}
			}
			if len(r.stderr) > 400 {
				t.Errorf("stderr is %d bytes: quote a prefix of outside values", len(r.stderr))
			}
		})
		// The sentinel, for callers: through the same function the command uses.
		if tt.is != nil && tt.stdin == nil && tt.args[0] == "--identity" {
			_, err := cli.ReadInput(&cli.App{Stdin: strings.NewReader("")}, "--identity", tt.args[1], cli.MaxIdentityInput, "")
			if !errors.Is(err, tt.is) {
				t.Errorf("%s: readLabelInput = %v, want %v", tt.name, err, tt.is)
			}
		}
	}
}

// A FIFO given by name is read as a stream, like stdin, with the same cap.
func TestLabelInputFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "ids")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	for _, tt := range []struct {
		data string
		code int
		want string
	}{
		{"mac,serial\naa:bb:cc:dd:ee:01,SN1\n", 0, "HW"},
		{"mac\n" + strings.Repeat("a", labelbatch.MaxInput+10), 1, "64 MiB"},
	} {
		done := make(chan error, 1)
		go func() {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				done <- err
				return
			}
			_, err = io.WriteString(f, tt.data)
			f.Close()
			done <- err
		}()
		r := runHwident(t, "", nil, "hwident", "label", "--batch", fifo, "--format", "payload")
		<-done // the write fails with EPIPE once hwident stops reading: expected
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("FIFO with %d bytes: code %d stdout %.80q stderr %q; want exit %d with %q", len(tt.data), r.code, r.stdout, r.stderr, tt.code, tt.want)
		}
	}
}

// Batch values are percent-decoded like --identity values: the identity
// output "50%25off" labels as the identity whose value is "50%off", in CSV
// and JSON lines, with or without a byte order mark.
func TestLabelBatchLikeIdentity(t *testing.T) {
	dir := t.TempDir()
	identityLines := "mac=aa:bb:cc:dd:ee:01\nsku=50%25off%0Anew\n"
	want := runHwident(t, identityLines, nil, "hwident", "label", "--identity", "-", "--format", "payload")
	if want.code != 0 {
		t.Fatalf("--identity: %q", want.stderr)
	}
	for name, data := range map[string]string{
		"csv":      "mac,sku\naa:bb:cc:dd:ee:01,50%25off%0Anew\n",
		"bom.csv":  "\ufeffmac,sku\naa:bb:cc:dd:ee:01,50%25off%0Anew\n",
		"jsonl":    `{"mac":"aa:bb:cc:dd:ee:01","sku":"50%25off%0Anew"}` + "\n",
		"bom.json": "\ufeff" + `{"mac":"aa:bb:cc:dd:ee:01","sku":"50%25off%0Anew"}` + "\n",
	} {
		f := filepath.Join(dir, "batch."+name)
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		r := runHwident(t, "", nil, "hwident", "label", "--batch", f, "--format", "payload")
		if r.code != 0 || r.stdout != want.stdout {
			t.Errorf("%s: code %d stdout %q stderr %q; want %q as from --identity", name, r.code, r.stdout, r.stderr, want.stdout)
		}
	}
	// A '%' that is not an escape is refused, as in --identity, naming the line.
	for name, data := range map[string]string{
		"bad.csv":   "mac,sku\naa:bb:cc:dd:ee:01,x\naa:bb:cc:dd:ee:02,50%off\n",
		"bad.jsonl": `{"mac":"aa:bb:cc:dd:ee:01"}` + "\n" + `{"mac":"aa:bb:cc:dd:ee:02","sku":"50%off"}` + "\n",
	} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, []byte(data), 0o644)
		r := runHwident(t, "", nil, "hwident", "label", "--batch", f, "--format", "payload")
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "line ") || !strings.Contains(r.stderr, "%25") {
			t.Errorf("%s: code %d stdout %q stderr %q; want exit 1 naming the line and %%25", name, r.code, r.stdout, r.stderr)
		}
	}
}

// Content too long for any QR code is told what helps: a lower --ec where
// there is one, at --ec L only fewer or shorter attributes.
func TestLabelTooLongAdvice(t *testing.T) {
	for _, tt := range []struct {
		value, ec string
		say, not  string
	}{
		{strings.Repeat("a~Z", 1500), "L", "fewer or shorter", "lower error-correction"},
		{strings.Repeat("a~Z", 1500), "H", "fewer or shorter", "lower error-correction"}, // L would not hold it either
		{strings.Repeat("A", 3800), "M", "lower error-correction", ""},                   // L holds it
	} {
		r := runHwident(t, "serial="+tt.value+"\n", nil, "hwident", "label", "--identity", "-", "--ec", tt.ec)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, tt.say) || tt.not != "" && strings.Contains(r.stderr, tt.not) {
			t.Errorf("--ec %s: code %d stdout %.40q stderr %q; want exit 1 saying %q, not %q", tt.ec, r.code, r.stdout, r.stderr, tt.say, tt.not)
		}
		if len(r.stderr) > 400 {
			t.Errorf("--ec %s: %d bytes of stderr: the value must be quoted short", tt.ec, len(r.stderr))
		}
	}
}
