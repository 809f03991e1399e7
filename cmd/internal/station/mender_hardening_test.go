package station

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
)

// TestMenderInputsBounded: --identity and --pubkey are read with caps, and
// devices and FIFOs are refused at once rather than read forever.
func TestMenderInputsBounded(t *testing.T) {
	pub, _ := writeKeys(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	bigKey := filepath.Join(dir, "big.pub")
	os.WriteFile(bigKey, []byte(strings.Repeat("A", 17<<10)), 0o644)
	idLines := "mac=02:00:00:00:00:01\n"
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"identity from /dev/zero", "", []string{"--identity", "/dev/zero", "--pubkey", pub}, "character device"},
		{"stdin over the cap", idLines + strings.Repeat("x", 64<<10), []string{"--pubkey", pub}, "more than 64 KiB"},
		{"pubkey /dev/zero", idLines, []string{"--pubkey", "/dev/zero"}, "character device"},
		{"pubkey FIFO without a writer", idLines, []string{"--pubkey", fifo}, "a FIFO, not a regular file"},
		{"pubkey over the cap", idLines, []string{"--pubkey", bigKey}, "more than 16 KiB"},
	}
	for _, tt := range tests {
		start := time.Now()
		res := runHwident(t, tt.stdin, nil, append([]string{"hwident", "mender", "preauth", "--dry-run"}, tt.args...)...)
		if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, tt.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.name, res.code, res.stdout, res.stderr, tt.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %s", tt.name, d)
		}
	}
}

// TestMenderServerPolicy: plain HTTP only to loopback or with
// --insecure-http, no redirects, and the server's words escaped.
func TestMenderServerPolicy(t *testing.T) {
	pub, _ := writeKeys(t)
	idLines := "mac=02:00:00:00:00:01\n"
	preauth := func(extra ...string) result {
		return runHwident(t, idLines, nil, append([]string{"hwident", "mender", "preauth", "--token", "t", "--pubkey", pub}, extra...)...)
	}
	if res := preauth("--server", "http://mender.example.com"); res.code != 2 || !strings.Contains(res.stderr, "--insecure-http") {
		t.Errorf("plain http: exit %d, %q", res.code, res.stderr)
	}
	// With the flag the URL is taken (the connection then fails: .invalid
	// never resolves).
	if res := preauth("--server", "http://mender.invalid", "--insecure-http"); res.code != 1 || strings.Contains(res.stderr, "--insecure-http") {
		t.Errorf("plain http with --insecure-http: exit %d, %q", res.code, res.stderr)
	}
	srv := mendertest.New()
	defer srv.Close()
	redirect := httptest.NewServer(http.RedirectHandler(srv.URL+"/api/management/v2/devauth/devices", http.StatusFound))
	defer redirect.Close()
	res := preauth("--server", redirect.URL)
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "redirects (302) to \""+srv.URL) {
		t.Errorf("redirect: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	conflict := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusConflict) }))
	defer conflict.Close()
	res = preauth("--server", conflict.URL)
	if res.code != 1 || !strings.Contains(res.stderr, "409 Conflict, empty body") || strings.Contains(res.stderr, "(id , status )") {
		t.Errorf("409 without a body: exit %d, %q", res.code, res.stderr)
	}
	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"\u001b]0;owned\u0007\u001b[2J"}`))
	}))
	defer hostile.Close()
	if res := preauth("--server", hostile.URL); res.code != 1 || strings.ContainsAny(res.stderr, "\x1b\x07") || !strings.Contains(res.stderr, `\x1b]0;owned`) {
		t.Errorf("control characters from the server: exit %d, %q", res.code, res.stderr)
	}
}
