package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/identity/scan"
)

const (
	labelA = "HW10CD0B827EB123456W6B" // mac=b8:27:eb:12:34:56
	labelB = "HW10CD0B827EB6543212SR" // mac=b8:27:eb:65:43:21
)

// fixture is a server over a file store with one user of each role and a
// bearer token for each.
type fixture struct {
	t      *testing.T
	srv    *Server
	http   *httptest.Server
	st     store.Store
	tokens map[string]string
}

func newFixture(t *testing.T) *fixture {
	st, err := store.OpenFile(filepath.Join(t.TempDir(), "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st, tokens: map[string]string{}}
	for name, role := range map[string]store.Role{"ann": store.RoleInstaller, "sue": store.RoleSupervisor, "root": store.RoleAdmin} {
		h, _ := credential.HashPassword("pw-" + name)
		if err := st.AddUser(context.Background(), store.User{Name: name, Role: role, PasswordHash: h}); err != nil {
			t.Fatal(err)
		}
		id, secret, hash, _ := credential.NewToken()
		if err := st.AddToken(context.Background(), store.Token{ID: id, User: name, Hash: hash}); err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = secret
	}
	re := regexp.MustCompile(`^(?i:[0-9A-Z][0-9A-Z._/-]{3,39})$`)
	f.srv = New(Options{Store: st, Station: "test", TLS: true,
		Classifier: scan.Classifier{DecodeDevice: payload.Decode, IsProductSerial: re.MatchString},
		Page:       http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<!doctype html>") })})
	f.http = httptest.NewTLSServer(f.srv.Handler())
	t.Cleanup(f.http.Close)
	return f
}

// do sends a request; auth is a user name (bearer token) or a *session.
func (f *fixture) do(method, path string, auth any, body string, hdr ...string) (*http.Response, map[string]any) {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.http.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch a := auth.(type) {
	case string:
		req.Header.Set("Authorization", "Bearer "+f.tokens[a])
	case *http.Cookie:
		req.AddCookie(a)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := f.http.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(b, &m)
	return resp, m
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// TestEveryRouteNeedsAuth walks the router's list: every route but the
// public ones answers 401 without credentials, and the public ones are
// exactly health, readiness, login and the static page.
func TestEveryRouteNeedsAuth(t *testing.T) {
	f := newFixture(t)
	public := map[string]bool{}
	for _, rt := range f.srv.Routes() {
		path := strings.ReplaceAll(rt.Path, "{id}", "00000000-0000-4000-8000-000000000000")
		if rt.Public {
			public[rt.Method+" "+rt.Path] = true
			continue
		}
		for _, auth := range []any{nil, &http.Cookie{Name: sessionCookie, Value: "forged"}, "nobody"} {
			resp, m := f.do(rt.Method, path, auth, "{}")
			if resp.StatusCode != http.StatusUnauthorized || errCode(m) != "unauthorized" {
				t.Errorf("%s %s with %v: %d %v, want 401 unauthorized", rt.Method, path, auth, resp.StatusCode, m)
			}
		}
	}
	want := map[string]bool{"GET /healthz": true, "GET /readyz": true, "POST /api/v1/login": true, "GET /": true}
	if len(public) != len(want) {
		t.Errorf("public routes %v, want %v", public, want)
	}
	for k := range want {
		if !public[k] {
			t.Errorf("%s is not public", k)
		}
	}
}

func TestRoles(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		user, method, path string
		want               int
	}{
		{"ann", "POST", "/api/v1/bindings/replace", 403},
		{"ann", "POST", "/api/v1/bindings/unbind", 403},
		{"ann", "GET", "/api/v1/export", 403},
		{"sue", "GET", "/api/v1/export", 403},
		{"sue", "GET", "/metrics", 403},
		{"root", "GET", "/api/v1/export", 200},
		{"root", "GET", "/metrics", 200},
		{"ann", "GET", "/api/v1/me", 200},
	}
	for _, c := range cases {
		resp, _ := f.do(c.method, c.path, c.user, map[bool]string{true: "{}", false: ""}[c.method == "POST"])
		if resp.StatusCode != c.want {
			t.Errorf("%s %s %s = %d, want %d", c.user, c.method, c.path, resp.StatusCode, c.want)
		}
	}
}

func TestSessionCSRFAndRateLimit(t *testing.T) {
	f := newFixture(t)
	resp, m := f.do("POST", "/api/v1/login", nil, `{"username":"ann","password":"pw-ann"}`)
	if resp.StatusCode != 200 || m["role"] != "installer" || m["csrf_token"] == "" {
		t.Fatalf("login = %d %v", resp.StatusCode, m)
	}
	var c *http.Cookie
	for _, x := range resp.Cookies() {
		if x.Name == sessionCookie {
			c = x
		}
	}
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie = %+v", c)
	}
	csrf := m["csrf_token"].(string)
	body := `{"device":"` + labelA + `","product":"PRD-000123"}`
	if resp, m := f.do("POST", "/api/v1/bindings", &http.Cookie{Name: sessionCookie, Value: c.Value}, body, "Idempotency-Key", "k1"); resp.StatusCode != 403 || errCode(m) != "csrf" {
		t.Fatalf("without CSRF token: %d %v", resp.StatusCode, m)
	}
	if resp, m := f.do("POST", "/api/v1/bindings", &http.Cookie{Name: sessionCookie, Value: c.Value}, body, "Idempotency-Key", "k1", "X-CSRF-Token", csrf); resp.StatusCode != 201 || m["result"] != "bound" {
		t.Fatalf("with CSRF token: %d %v", resp.StatusCode, m)
	}
	b, _, _ := f.st.ByProduct(context.Background(), "PRD-000123")
	if b.By != "ann" {
		t.Fatalf("event recorded by %q, want the signed-in user", b.By)
	}
	if resp, _ := f.do("POST", "/api/v1/logout", &http.Cookie{Name: sessionCookie, Value: c.Value}, "", "X-CSRF-Token", csrf); resp.StatusCode != 204 {
		t.Fatalf("logout = %d", resp.StatusCode)
	}
	if resp, _ := f.do("GET", "/api/v1/me", &http.Cookie{Name: sessionCookie, Value: c.Value}, ""); resp.StatusCode != 401 {
		t.Fatalf("after logout = %d", resp.StatusCode)
	}
	for i := range 5 {
		if resp, _ := f.do("POST", "/api/v1/login", nil, `{"username":"ann","password":"guess"}`); resp.StatusCode != 401 {
			t.Fatalf("failure %d = %d", i, resp.StatusCode)
		}
	}
	resp, m = f.do("POST", "/api/v1/login", nil, `{"username":"ann","password":"pw-ann"}`)
	if resp.StatusCode != 429 || errCode(m) != "rate_limited" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth attempt = %d %v", resp.StatusCode, m)
	}
}

func TestBindingFlow(t *testing.T) {
	f := newFixture(t)
	body := `{"device":"` + labelA + `","product":"https://id.example.com/01/09506000134352/21/PRD-000123"}`
	resp, m := f.do("POST", "/api/v1/bindings", "ann", body, "Idempotency-Key", "k1")
	if resp.StatusCode != 201 || m["binding"].(map[string]any)["gtin"] != "09506000134352" {
		t.Fatalf("bind = %d %v", resp.StatusCode, m)
	}
	if resp, m := f.do("POST", "/api/v1/bindings", "ann", body, "Idempotency-Key", "k1"); resp.StatusCode != 200 || m["result"] != "already_bound" {
		t.Fatalf("retry = %d %v", resp.StatusCode, m)
	}
	if resp, _ := f.do("POST", "/api/v1/bindings", "ann", body); resp.StatusCode != 400 {
		t.Fatalf("no idempotency key = %d", resp.StatusCode)
	}
	resp, m = f.do("POST", "/api/v1/bindings", "ann", `{"device":"`+labelB+`","product":"PRD-000123"}`, "Idempotency-Key", "k2")
	if resp.StatusCode != 409 || errCode(m) != "conflict" || m["error"].(map[string]any)["binding"].(map[string]any)["product"] != "PRD-000123" {
		t.Fatalf("conflict = %d %v", resp.StatusCode, m)
	}
	if resp, m := f.do("POST", "/api/v1/bindings", "ann", `{"device":"HW10XX","product":"PRD-1"}`, "Idempotency-Key", "k3"); resp.StatusCode != 422 || errCode(m) != "bad_payload" {
		t.Fatalf("bad payload = %d %v", resp.StatusCode, m)
	}
	if resp, m := f.do("POST", "/api/v1/bindings", "ann", `{"device":"`+labelB+`","product":"no spaces allowed"}`, "Idempotency-Key", "k4"); resp.StatusCode != 422 || errCode(m) != "bad_product" {
		t.Fatalf("bad product = %d %v", resp.StatusCode, m)
	}
	if resp, _ := f.do("POST", "/api/v1/bindings/replace", "sue", `{"device":"`+labelB+`","product":"PRD-000123"}`); resp.StatusCode != 400 {
		t.Fatalf("replace without reason = %d", resp.StatusCode)
	}
	resp, m = f.do("POST", "/api/v1/bindings/replace", "sue", `{"device":"`+labelB+`","product":"PRD-000123","reason":"module failed"}`)
	oldHash := identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}}.ID()
	if resp.StatusCode != 200 || m["result"] != "replaced" || m["previous"].(map[string]any)["device"].(map[string]any)["identity_sha256"] != oldHash {
		t.Fatalf("replace = %d %v", resp.StatusCode, m)
	}
	resp, m = f.do("GET", "/api/v1/bindings/find?q=PRD-000123", "ann", "")
	if resp.StatusCode != 200 || len(m["history"].([]any)) != 2 {
		t.Fatalf("find = %d %v", resp.StatusCode, m)
	}
	if resp, m := f.do("GET", "/api/v1/bindings/find?q=PRD-999", "ann", ""); resp.StatusCode != 404 || errCode(m) != "not_found" {
		t.Fatalf("find unknown = %d %v", resp.StatusCode, m)
	}
	resp, m = f.do("POST", "/api/v1/bindings/unbind", "sue", `{"product":"PRD-000123","reason":"scrapped"}`)
	if resp.StatusCode != 200 || m["result"] != "unbound" {
		t.Fatalf("unbind = %d %v", resp.StatusCode, m)
	}
	req, _ := http.NewRequest("GET", f.http.URL+"/api/v1/export", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["root"])
	eresp, err := f.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(eresp.Body)
	eresp.Body.Close()
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	if len(lines) != 3 || !bytes.Contains(lines[2], []byte(`"event":"unbind"`)) || !bytes.Contains(lines[2], []byte(`"by":"sue"`)) {
		t.Fatalf("export:\n%s", data)
	}
}

func TestMetrics(t *testing.T) {
	f := newFixture(t)
	if err := f.st.RegisterTarget(context.Background(), "mender"); err != nil {
		t.Fatal(err)
	}
	f.do("POST", "/api/v1/bindings", "ann", `{"device":"`+labelA+`","product":"PRD-1"}`, "Idempotency-Key", "k1")
	f.do("POST", "/api/v1/bindings", "ann", `{"device":"`+labelB+`","product":"PRD-1"}`, "Idempotency-Key", "k2")
	req, _ := http.NewRequest("GET", f.http.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["root"])
	resp, err := f.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`hwident_binding_requests_total{result="bound"} 1`,
		`hwident_binding_conflicts_total 1`,
		`hwident_http_request_duration_seconds_bucket{code="409",method="POST",route="/api/v1/bindings",le=`,
		`hwident_replication_queue_depth{target="mender"} 1`,
		`hwident_replication_queue_oldest_age_seconds{target="mender"}`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(string(body), f.tokens["root"]) {
		t.Error("a token is in the metrics")
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.do("GET", "/", nil, "")
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.StatusCode != 200 || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Fatalf("page: %d %v", resp.StatusCode, resp.Header)
	}
	for _, path := range []string{"/api/v1/nothing", "/api/v2/bindings"} {
		if resp, m := f.do("GET", path, "ann", ""); resp.StatusCode != 404 || errCode(m) != "not_found" {
			t.Errorf("GET %s = %d %v, want a JSON 404 (not the page)", path, resp.StatusCode, m)
		}
	}
	if resp, m := f.do("GET", "/readyz", nil, ""); resp.StatusCode != 200 || m["status"] != "ready" {
		t.Fatalf("readyz = %d %v", resp.StatusCode, m)
	}
}

// TestSessionsSharedAcrossInstances: two servers over one PostgreSQL
// ledger (two serve instances behind a load balancer) know each other's
// sessions, and a logout on one ends it on both.
func TestSessionsSharedAcrossInstances(t *testing.T) {
	urls, client, st := twoInstancesWithAnn(t)
	send := func(method, url string, cookie *http.Cookie, body, csrf string) *http.Response {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if cookie != nil {
			req.AddCookie(cookie)
		}
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp := send("POST", urls[0]+"/api/v1/login", nil, `{"username":"ann","password":"pw-ann-123"}`, "")
	if resp.StatusCode != 200 || len(resp.Cookies()) != 1 {
		t.Fatalf("login = %d", resp.StatusCode)
	}
	c := resp.Cookies()[0]
	if r := send("GET", urls[1]+"/api/v1/me", c, "", ""); r.StatusCode != 200 {
		t.Fatalf("the other instance does not know the session: %d", r.StatusCode)
	}
	sess, err := st.Session(context.Background(), sessionKey(c.Value), time.Now())
	if err != nil || sess.IDHash == c.Value {
		t.Fatalf("stored session %+v %v: must be there, under a hash of the cookie", sess, err)
	}
	if r := send("POST", urls[1]+"/api/v1/logout", c, "", sess.CSRF); r.StatusCode != 204 {
		t.Fatalf("logout = %d", r.StatusCode)
	}
	if r := send("GET", urls[0]+"/api/v1/me", c, "", ""); r.StatusCode != 401 {
		t.Fatalf("after logout on the other instance = %d", r.StatusCode)
	}
}

// TestGracefulShutdown: a request in flight when shutdown starts finishes.
func TestGracefulShutdown(t *testing.T) {
	st, err := store.OpenFile(filepath.Join(t.TempDir(), "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	started := make(chan struct{})
	srv := New(Options{Store: st, Page: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "done")
	})})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx, ln, nil) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	if s := <-got; s != "done" {
		t.Fatalf("in-flight request got %q", s)
	}
	if err := <-ran; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still accepting after shutdown")
	}
}
