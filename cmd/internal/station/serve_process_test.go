package station

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/store/pgtest"
	"github.com/hwident/hwident/identity"
)

// The service tests run this test binary again as `hwident serve` and
// `hwident bind` processes (HWIDENT_TEST_CHILD set), so that kill -9,
// restarts and races happen between real processes.
func TestMain(m *testing.M) {
	if os.Getenv("HWIDENT_TEST_CHILD") != "" {
		os.Exit(cli.ExitCode(run(append([]string{"hwident"}, os.Args[1:]...), os.Stdin, os.Stdout, os.Stderr, os.Getenv), os.Stderr))
	}
	os.Exit(m.Run())
}

// child returns a command running hwident with args in a child process.
func child(env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "HWIDENT_TEST_CHILD=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// serveProc is a running `hwident serve`.
type serveProc struct {
	cmd    *exec.Cmd
	url    string
	fp     string // the certificate fingerprint it printed
	mu     sync.Mutex
	stderr bytes.Buffer
	exited chan error
}

var listening = regexp.MustCompile(`listening on (https?://\S+)`)
var fingerprint = regexp.MustCompile(`SHA-256 fingerprint ([0-9A-F:]+)`)

func startServe(t *testing.T, env map[string]string, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{cmd: child(env, append([]string{"serve", "--listen", "127.0.0.1:0", "--log-format", "text"}, args...)...), exited: make(chan error, 1)}
	pipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stderr.WriteString(line + "\n")
			if m := fingerprint.FindStringSubmatch(line); m != nil {
				p.fp = m[1]
			}
			p.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				urlc <- m[1]
			}
		}
		p.exited <- p.cmd.Wait()
	}()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })
	select {
	case p.url = <-urlc:
	case err := <-p.exited:
		p.exited <- err
		t.Fatalf("serve exited: %v\n%s", err, p.log())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start:\n%s", p.log())
	}
	return p
}

func (p *serveProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// stop sends SIGTERM and waits for a clean exit.
func (p *serveProc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		p.exited <- err
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM:\n%s", err, p.log())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
}

// kill9 kills the process at once.
func (p *serveProc) kill9() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	err := <-p.exited
	p.exited <- err
}

// apiClient trusts the self-signed certificate in dir.
func apiClient(t *testing.T, certFile string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, MaxIdleConnsPerHost: 64}}
}

// addUser adds a user with a token through the CLI and returns the token.
func addUser(t *testing.T, ledgerSpec, name, role string) string {
	t.Helper()
	if res := runHwident(t, "", nil, "hwident", "serve", "user", "add", "--ledger", ledgerSpec, "--role", role, name); res.code != 0 || !strings.Contains(res.stdout, "password (shown once): ") {
		t.Fatalf("user add: %d %q %q", res.code, res.stdout, res.stderr)
	}
	res := runHwident(t, "", nil, "hwident", "serve", "token", "create", "--ledger", ledgerSpec, "--user", name)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "hwt_") {
		t.Fatalf("token create: %d %q %q", res.code, res.stdout, res.stderr)
	}
	return strings.TrimSpace(res.stdout)
}

// postBind sends one bind; it returns the status (0 for a network error).
func postBind(c *http.Client, url, token, key, dev, product string) (int, map[string]any) {
	body, _ := json.Marshal(map[string]string{"device": dev, "product": product})
	req, _ := http.NewRequest("POST", url+"/api/v1/bindings", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&m)
	return resp.StatusCode, m
}

func deviceN(i int) identity.Identity {
	return identity.Identity{{Key: "mac", Value: fmt.Sprintf("02:00:00:%02x:%02x:%02x", i>>16&0xff, i>>8&0xff, i&0xff)}}
}

func identityLines(i int) string { return string(deviceN(i).Mender()) }

// TestServeProcess: the README's one-command start over a file ledger,
// the self-signed certificate kept across restarts, a station binding
// through the service, graceful shutdown on SIGTERM.
func TestServeProcess(t *testing.T) {
	dir := t.TempDir()
	lp := filepath.Join(dir, "ledger.jsonl")
	tok := addUser(t, lp, "ann", "installer")
	admin := addUser(t, lp, "root", "admin")
	p := startServe(t, nil, "--ledger", lp)
	if !strings.HasPrefix(p.url, "https://") || p.fp == "" || !strings.Contains(p.log(), "new self-signed certificate") {
		t.Fatalf("url %s, fingerprint %q:\n%s", p.url, p.fp, p.log())
	}
	certFile := filepath.Join(dir, "hwident-serve.crt")
	c := apiClient(t, certFile)
	if code, m := postBind(c, p.url, tok, "k1", identityLines(1), "PRD-1"); code != 201 {
		t.Fatalf("bind = %d %v\n%s", code, m, p.log())
	}
	// A station binds through the service.
	res := runHwident(t, labelPayload(t, deviceN(2))+"\nPRD-2\n", map[string]string{"HWIDENT_TOKEN": tok, "USER": "ann"},
		"hwident", "bind", "--server", p.url, "--server-ca", certFile, "--station", "st1")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "bound PRD-2 to device") {
		t.Fatalf("bind --server: %d %q %q", res.code, res.stdout, res.stderr)
	}
	res = runHwident(t, labelPayload(t, deviceN(3))+"\nPRD-2\n", map[string]string{"HWIDENT_TOKEN": tok, "USER": "ann"},
		"hwident", "bind", "--server", p.url, "--server-ca", certFile)
	if res.code != 1 || !strings.Contains(res.stderr, "product PRD-2 is already bound to device") {
		t.Fatalf("conflict through the service: %d %q %q", res.code, res.stdout, res.stderr)
	}
	if strings.Contains(p.log(), tok) || strings.Contains(p.log(), "hwt_") {
		t.Fatal("a token is in the log")
	}
	// bind export through the service (an admin's token) prints what the
	// file gives, in both formats; an installer's token is refused.
	for _, format := range []string{"csv", "json"} {
		remote := runHwident(t, "", map[string]string{"HWIDENT_TOKEN": admin},
			"hwident", "bind", "export", "--server", p.url, "--server-ca", certFile, "--format", format)
		local := runHwident(t, "", nil, "hwident", "bind", "export", "--ledger", lp, "--format", format)
		if remote.code != 0 || local.code != 0 || remote.stdout != local.stdout || !strings.Contains(local.stdout, "PRD-2") {
			t.Fatalf("export --format %s: service %d %q %q, file %d %q", format, remote.code, remote.stdout, remote.stderr, local.code, local.stdout)
		}
	}
	if res := runHwident(t, "", map[string]string{"HWIDENT_TOKEN": tok}, "hwident", "bind", "export", "--server", p.url, "--server-ca", certFile); res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "403") {
		t.Fatalf("export with an installer's token: %d %q %q", res.code, res.stdout, res.stderr)
	}
	fp := p.fp
	p.stop(t)
	p = startServe(t, nil, "--ledger", lp)
	if p.fp != fp {
		t.Fatalf("fingerprint changed across a restart: %s, then %s", fp, p.fp)
	}
	if res := runHwident(t, "", nil, "hwident", "serve", "--ledger", lp, "--listen", "127.0.0.1:0"); res.code != 1 || !strings.Contains(res.stderr, "in use by another hwident serve") {
		t.Fatalf("a second serve on the same file: %d %q", res.code, res.stderr)
	}
	st, err := store.OpenFile(lp)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if b, ok, _ := st.ByProduct(context.Background(), "PRD-2"); !ok || b.By != "ann" || b.Station != "serve@"+hostname() {
		t.Fatalf("PRD-2 = %+v %v", b, ok)
	}
	// No TLS on the network without --tls-cert: refused up front.
	if res := runHwident(t, "", nil, "hwident", "serve", "--ledger", lp, "--listen", "0.0.0.0:0", "--plain-http"); res.code != 2 {
		t.Fatalf("plain HTTP on the network: %d %q", res.code, res.stderr)
	}
}

func hostname() string { h, _ := os.Hostname(); return h }

// TestLedgerImportAndPostgresCLI: a file ledger made by `hwident bind` is
// imported into PostgreSQL, then bind and unbind work on the database.
func TestLedgerImportAndPostgresCLI(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	in := labelPayload(t, deviceN(1)) + "\nPRD-1\n" + labelPayload(t, deviceN(2)) + "\nPRD-2\n"
	if res := runHwident(t, in, nil, bindArgs(lp)...); res.code != 0 {
		t.Fatalf("bind: %q", res.stderr)
	}
	dsn := pgtest.Start(t).DSN("ledger")
	res := runHwident(t, "", nil, "hwident", "ledger", "import", "--ledger", dsn, lp)
	if res.code != 0 || res.stdout != "imported 2 records (0 were already there), verified 2 records and 2 current bindings\n" {
		t.Fatalf("import: %d %q %q", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "ledger", "import", "--ledger", lp, lp); res.code != 2 {
		t.Fatalf("import into a file: %d %q", res.code, res.stderr)
	}
	if res := runHwident(t, labelPayload(t, deviceN(3))+"\nPRD-1\n", nil, bindArgs(dsn)...); res.code != 1 || !strings.Contains(res.stderr, "product PRD-1 is already bound") {
		t.Fatalf("conflict on the imported ledger: %d %q", res.code, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "bind", "unbind", "--ledger", dsn, "--station", "s", "--operator", "bob", "PRD-1"); res.code != 0 || !strings.HasPrefix(res.stdout, "unbound PRD-1 from device") {
		t.Fatalf("unbind: %d %q %q", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, labelPayload(t, deviceN(3))+"\nPRD-1\n", nil, bindArgs(dsn)...); res.code != 0 || !strings.HasPrefix(res.stdout, "bound PRD-1") {
		t.Fatalf("bind after unbind: %d %q %q", res.code, res.stdout, res.stderr)
	}
	// bind status reads the database like the file.
	fileStatus := runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", lp, "PRD-2")
	dbStatus := runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", dsn, "PRD-2")
	if fileStatus.code != 0 || dbStatus.code != 0 || dbStatus.stdout != fileStatus.stdout {
		t.Fatalf("status of PRD-2: file %d %q, database %d %q %q", fileStatus.code, fileStatus.stdout, dbStatus.code, dbStatus.stdout, dbStatus.stderr)
	}
	res = runHwident(t, "", nil, "hwident", "bind", "status", "--ledger", dsn, labelPayload(t, deviceN(1)))
	if res.code != 0 || !strings.Contains(res.stdout, "not bound") || strings.Count(res.stdout, "\n  20") != 2 {
		t.Fatalf("status of device 1: %d %q %q", res.code, res.stdout, res.stderr)
	}
	// bind export reads the database like the file: PRD-2 as imported,
	// PRD-1 bound to device 3 since.
	fileExport := runHwident(t, "", nil, "hwident", "bind", "export", "--ledger", lp)
	dbExport := runHwident(t, "", nil, "hwident", "bind", "export", "--ledger", dsn)
	fileRows, dbRows := strings.Split(fileExport.stdout, "\n"), strings.Split(dbExport.stdout, "\n")
	if fileExport.code != 0 || dbExport.code != 0 || len(dbRows) != 4 || dbRows[0] != fileRows[0] || dbRows[2] != fileRows[2] ||
		!strings.HasPrefix(dbRows[1], "PRD-1,,"+deviceN(3).ID()+",") {
		t.Fatalf("export: file %d %q, database %d %q %q", fileExport.code, fileExport.stdout, dbExport.code, dbExport.stdout, dbExport.stderr)
	}
}

// TestServeUserCommands: accounts and tokens managed from the command line.
func TestServeUserCommands(t *testing.T) {
	lp := filepath.Join(t.TempDir(), "ledger.jsonl")
	ctx := context.Background()
	if res := runHwident(t, "a long password\n", nil, "hwident", "serve", "user", "add", "--ledger", lp, "--role", "supervisor", "--password-stdin", "sue"); res.code != 0 || strings.Contains(res.stdout, "password") {
		t.Fatalf("add: %d %q %q", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, "short\n", nil, "hwident", "serve", "user", "add", "--ledger", lp, "--password-stdin", "bob"); res.code != 2 {
		t.Fatalf("short password: %d %q", res.code, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "serve", "user", "add", "--ledger", lp, "--role", "root", "bob"); res.code != 2 {
		t.Fatalf("unknown role: %d %q", res.code, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "serve", "user", "add", "--ledger", lp, "sue"); res.code != 1 || !strings.Contains(res.stderr, "already exists") {
		t.Fatalf("duplicate: %d %q", res.code, res.stderr)
	}
	st, err := store.OpenFile(lp)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, _ := st.User(ctx, "sue")
	if u.Role != store.RoleSupervisor || strings.Contains(u.PasswordHash, "long password") {
		t.Fatalf("user = %+v", u)
	}
	if res := runHwident(t, "", nil, "hwident", "serve", "user", "disable", "--ledger", lp, "sue"); res.code != 0 {
		t.Fatalf("disable: %q", res.stderr)
	}
	if u, _ := st.User(ctx, "sue"); !u.Disabled {
		t.Fatal("not disabled")
	}
	res := runHwident(t, "", nil, "hwident", "serve", "user", "reset", "--ledger", lp, "sue")
	if u2, _ := st.User(ctx, "sue"); res.code != 0 || !strings.Contains(res.stdout, "password (shown once): ") || u2.Disabled || u2.PasswordHash == u.PasswordHash {
		t.Fatalf("reset: %d %q, %+v", res.code, res.stdout, u2)
	}
	res = runHwident(t, "", nil, "hwident", "serve", "token", "create", "--ledger", lp, "--user", "sue")
	id := regexp.MustCompile(`token ([0-9a-f]+) for user sue`).FindStringSubmatch(res.stderr)
	if res.code != 0 || id == nil {
		t.Fatalf("token create: %d %q %q", res.code, res.stdout, res.stderr)
	}
	secret := strings.TrimSpace(res.stdout)
	if _, err := st.TokenByHash(ctx, credential.HashToken(secret)); err != nil {
		t.Fatalf("token not stored by its hash: %v", err)
	}
	if res := runHwident(t, "", nil, "hwident", "serve", "token", "revoke", "--ledger", lp, id[1]); res.code != 0 {
		t.Fatalf("revoke: %q", res.stderr)
	}
	if _, err := st.TokenByHash(ctx, credential.HashToken(secret)); err == nil {
		t.Fatal("a revoked token is still valid")
	}
	if res := runHwident(t, "", nil, "hwident", "serve", "token", "create", "--ledger", lp, "--user", "nobody"); res.code != 1 {
		t.Fatalf("token for an unknown user: %d", res.code)
	}
}
