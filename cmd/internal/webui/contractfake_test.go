package webui_test

// contractFake is SCAFFOLDING: an in-test server of the API contract
// (/work/API-CONTRACT.md, docs/api.md) used to develop the page before the
// real `hwident serve` existed. The browser tests run against the real
// service; this fake is kept only for the page's own unit-level checks.

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hwident/hwident/cmd/internal/framescan"
	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/cmd/internal/webui"
	"github.com/hwident/hwident/identity"
)

type contractFake struct {
	*httptest.Server
	ledger *ledger.Ledger
	path   string

	mu       sync.Mutex
	users    map[string][2]string // name -> password, role
	sessions map[string]session   // cookie value -> session
	replies  map[string][]byte    // idempotency key -> reply body
	classify identity.ScanClassifier
}

type session struct{ user, role, csrf string }

func newContractFake(t *testing.T) *contractFake {
	path := filepath.Join(t.TempDir(), "ledger.jsonl")
	l, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^(?i:[0-9A-Z][0-9A-Z._/-]{3,39})$`)
	f := &contractFake{
		ledger: l, path: path,
		users:    map[string][2]string{"ann": {"ann-secret", "installer"}, "sam": {"sam-secret", "supervisor"}},
		sessions: map[string]session{}, replies: map[string][]byte{},
		classify: identity.ScanClassifier{DecodeDevice: identity.DecodePayload, IsProductSerial: re.MatchString},
	}
	mux := http.NewServeMux()
	mux.Handle("GET /", webui.Handler())
	mux.HandleFunc("POST /api/v1/login", f.login)
	mux.HandleFunc("POST /api/v1/logout", f.auth(func(w http.ResponseWriter, r *http.Request, s session) { w.WriteHeader(204) }))
	mux.HandleFunc("GET /api/v1/me", f.auth(func(w http.ResponseWriter, r *http.Request, s session) { writeJSON(w, 200, me(s)) }))
	mux.HandleFunc("POST /api/v1/scans/classify", f.auth(f.classifyScan))
	frame := framescan.Handler()
	mux.HandleFunc("POST /api/v1/scans/frame", f.auth(func(w http.ResponseWriter, r *http.Request, s session) { frame.ServeHTTP(w, r) }))
	mux.HandleFunc("POST /api/v1/bindings", f.auth(f.bind))
	mux.HandleFunc("POST /api/v1/bindings/replace", f.auth(f.replace))
	mux.HandleFunc("POST /api/v1/bindings/unbind", f.auth(f.unbind))
	mux.HandleFunc("GET /api/v1/bindings/find", f.auth(f.find))
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", webui.ContentSecurityPolicy)
		w.Header().Set("Permissions-Policy", webui.PermissionsPolicy)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { f.Close(); l.Close() })
	return f
}

func me(s session) map[string]string {
	return map[string]string{"user": s.user, "role": s.role, "csrf_token": s.csrf}
}

func token() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, msg string, b any) {
	e := map[string]any{"code": code, "message": msg}
	if b != nil {
		e["binding"] = b
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func (f *contractFake) login(w http.ResponseWriter, r *http.Request) {
	var req struct{ Username, Password string }
	json.NewDecoder(r.Body).Decode(&req)
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[req.Username]
	if !ok || u[0] != req.Password {
		writeErr(w, 401, "unauthorized", "wrong user or password", nil)
		return
	}
	s := session{user: req.Username, role: u[1], csrf: token()}
	id := token()
	f.sessions[id] = s
	http.SetCookie(w, &http.Cookie{Name: "hwident_session", Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	writeJSON(w, 200, me(s))
}

func (f *contractFake) auth(h func(http.ResponseWriter, *http.Request, session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("hwident_session")
		f.mu.Lock()
		s, ok := session{}, false
		if err == nil {
			s, ok = f.sessions[c.Value]
		}
		f.mu.Unlock()
		if !ok {
			writeErr(w, 401, "unauthorized", "sign in", nil)
			return
		}
		if r.Method == http.MethodPost && r.Header.Get("X-CSRF-Token") != s.csrf {
			writeErr(w, 403, "csrf", "reload the page", nil)
			return
		}
		h(w, r, s)
	}
}

func (f *contractFake) classifyScan(w http.ResponseWriter, r *http.Request, s session) {
	var req struct{ Text string }
	json.NewDecoder(r.Body).Decode(&req)
	sc, err := f.classify.Classify(req.Text)
	if err != nil {
		writeErr(w, 422, "bad_payload", err.Error(), nil)
		return
	}
	if sc.Kind == identity.ScanDevice {
		writeJSON(w, 200, map[string]any{"kind": "device", "identity": attrs(sc.Device), "identity_sha256": sc.Device.ID()})
		return
	}
	writeJSON(w, 200, map[string]any{"kind": "product", "product": sc.Product, "gtin": sc.GTIN})
}

func attrs(id identity.Identity) []map[string]string {
	var out []map[string]string
	for _, a := range id {
		out = append(out, map[string]string{"key": a.Key, "value": a.Value})
	}
	return out
}

func wireBinding(b ledger.Binding) map[string]any {
	return map[string]any{"product": b.Product, "gtin": b.GTIN, "bound_by": b.Operator, "bound_at": b.Since,
		"device": map[string]any{"identity_sha256": b.DeviceHash(), "identity": attrs(b.Device)}}
}

// pair classifies the request's device and product.
func (f *contractFake) pair(w http.ResponseWriter, device, product string) (identity.Identity, identity.Scan, bool) {
	dev, err := f.classify.Classify(device)
	if err != nil || dev.Kind != identity.ScanDevice {
		writeErr(w, 422, "bad_payload", "not a module label", nil)
		return nil, identity.Scan{}, false
	}
	prod, err := f.classify.Classify(product)
	if err != nil || prod.Kind != identity.ScanProduct {
		writeErr(w, 422, "bad_product", "not a product serial", nil)
		return nil, identity.Scan{}, false
	}
	return dev.Device, prod, true
}

func (f *contractFake) record(w http.ResponseWriter, r *http.Request, s session, replace bool) {
	var req struct{ Device, Product, Reason string }
	json.NewDecoder(r.Body).Decode(&req)
	key := r.Header.Get("Idempotency-Key")
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.replies[key]; ok && key != "" {
		w.Header().Set("Content-Type", "application/json")
		w.Write(b) // a replay: 200 with the first reply's binding
		return
	}
	dev, prod, ok := f.pair(w, req.Device, req.Product)
	if !ok {
		return
	}
	rec, err := f.ledger.Append(func(st *ledger.State) (ledger.Record, error) {
		return st.PlanBind(ledger.Request{Station: "web", Operator: s.user, Product: prod.Product, GTIN: prod.GTIN, Device: dev, Replace: replace})
	})
	cur, _ := f.ledger.State().ByProduct(prod.Product)
	var conflict *ledger.ConflictError
	switch {
	case errors.Is(err, ledger.ErrAlreadyBound):
		writeJSON(w, 200, map[string]any{"result": "already_bound", "binding": wireBinding(cur)})
		return
	case errors.As(err, &conflict):
		writeErr(w, 409, "conflict", err.Error(), wireBinding(conflict.Existing))
		return
	case err != nil:
		writeErr(w, 503, "unavailable", err.Error(), nil)
		return
	}
	result, status := "bound", 201
	if replace {
		result, status = "replaced", 200
	}
	reply := map[string]any{"result": result, "binding": wireBinding(cur)}
	if replace && len(rec.PreviousDevice) > 0 {
		reply["previous"] = map[string]any{"product": rec.Product, "device": map[string]any{"identity_sha256": rec.PreviousDevice.ID(), "identity": attrs(rec.PreviousDevice)}}
	}
	replay, _ := json.Marshal(map[string]any{"result": "already_bound", "binding": wireBinding(cur)})
	f.replies[key] = replay
	writeJSON(w, status, reply)
}

func (f *contractFake) bind(w http.ResponseWriter, r *http.Request, s session) {
	f.record(w, r, s, false)
}

func (f *contractFake) replace(w http.ResponseWriter, r *http.Request, s session) {
	if s.role != "supervisor" {
		writeErr(w, 403, "forbidden", "supervisors only", nil)
		return
	}
	f.record(w, r, s, true)
}

func (f *contractFake) unbind(w http.ResponseWriter, r *http.Request, s session) {
	if s.role != "supervisor" {
		writeErr(w, 403, "forbidden", "supervisors only", nil)
		return
	}
	var req struct{ Product, Reason string }
	json.NewDecoder(r.Body).Decode(&req)
	f.mu.Lock()
	defer f.mu.Unlock()
	prod, err := f.classify.Classify(req.Product)
	if err != nil || prod.Kind != identity.ScanProduct {
		writeErr(w, 422, "bad_product", "not a product serial", nil)
		return
	}
	prev, _ := f.ledger.State().ByProduct(prod.Product)
	if _, err := f.ledger.Append(func(st *ledger.State) (ledger.Record, error) {
		return st.PlanUnbind("web", s.user, prod.Product, nil)
	}); err != nil {
		writeErr(w, 404, "not_found", err.Error(), nil)
		return
	}
	writeJSON(w, 200, map[string]any{"result": "unbound", "previous": wireBinding(prev)})
}

func (f *contractFake) find(w http.ResponseWriter, r *http.Request, s session) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.ledger.State()
	var hist []ledger.Record
	var b *ledger.Binding
	if sc, err := f.classify.Classify(q); err == nil && sc.Kind == identity.ScanDevice {
		hist = st.DeviceHistory(sc.Device.ID())
		if p, ok := st.ByDevice(sc.Device.ID()); ok {
			b = &p
		}
	} else {
		hist = st.ProductHistory(strings.ToUpper(q))
		if p, ok := st.ByProduct(strings.ToUpper(q)); ok {
			b = &p
		}
	}
	if len(hist) == 0 {
		writeErr(w, 404, "not_found", "never bound", nil)
		return
	}
	var events []map[string]any
	for _, e := range hist {
		events = append(events, map[string]any{"event": e.Event, "product": e.Product, "at": e.Time, "by": e.Operator,
			"device": map[string]any{"identity_sha256": e.DeviceHash()}})
	}
	reply := map[string]any{"binding": nil, "history": events, "replication": []any{}}
	if b != nil {
		reply["binding"] = wireBinding(*b)
	}
	writeJSON(w, 200, reply)
}
