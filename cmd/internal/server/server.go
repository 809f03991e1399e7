// Package server is the HTTP API of `hwident serve`: JSON under /api/v1
// (docs/api.md), users with roles, sessions with CSRF protection for the
// web page, bearer tokens for machines, login rate limiting, health,
// readiness and Prometheus metrics. It logs with log/slog at its edge and
// never logs a secret, a request body or a query string.
package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity/scan"
)

// Options configure a Server.
type Options struct {
	Store      store.Store
	Classifier scan.Classifier // the same classification as `hwident bind`
	Logger     *slog.Logger
	Station    string // recorded with every event, e.g. "serve@host"
	// Page serves the installer's web page at / (cmd/internal/webui), and
	// FrameDecoder decodes one camera frame for POST /api/v1/scans/frame
	// (cmd/internal/framescan). Nil: 404 and 501.
	Page         http.Handler
	FrameDecoder http.Handler
	TLS          bool // served over TLS: cookies and HSTS assume it
	Registry     *prometheus.Registry
	Now          func() time.Time
	SessionTTL   time.Duration // default 12 h
	// LoginFailures failed logins per user name or client address within
	// LoginWindow are allowed before 429 (defaults 5 and 5 minutes).
	LoginFailures int
	LoginWindow   time.Duration
	// Recorded, when set, is called after each event the API recorded
	// (serve wakes the replication workers with it).
	Recorded func()
}

// Server is the API. Create it with New.
type Server struct {
	opt      Options
	log      *slog.Logger
	routes   []Route
	handler  http.Handler
	sessions *sessions
	limiter  *loginLimiter
	tokens   tokenCache
	metrics  *metrics
	kdf      chan struct{} // bounds concurrent argon2id hashing (19 MiB each)
}

// Route is one endpoint. Role is the least role it needs; Public routes
// need none (health, readiness, login and the static page).
type Route struct {
	Method, Path string
	Role         store.Role
	Public       bool
	handle       func(w http.ResponseWriter, r *http.Request, p *principal)
}

// New builds the server and its routes.
func New(opt Options) *Server {
	dummyHash()
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.SessionTTL == 0 {
		opt.SessionTTL = 12 * time.Hour
	}
	if opt.LoginFailures == 0 {
		opt.LoginFailures = 5
	}
	if opt.LoginWindow == 0 {
		opt.LoginWindow = 5 * time.Minute
	}
	if opt.Registry == nil {
		opt.Registry = prometheus.NewRegistry()
	}
	s := &Server{opt: opt, log: opt.Logger, sessions: newSessions(opt.Store, opt.Now, opt.SessionTTL),
		limiter: newLoginLimiter(opt.Store, opt.Now, opt.LoginFailures, opt.LoginWindow), kdf: make(chan struct{}, 4)}
	s.metrics = newMetrics(opt.Registry, opt.Store)
	i, sup, adm := store.RoleInstaller, store.RoleSupervisor, store.RoleAdmin
	s.routes = []Route{
		{Method: "GET", Path: "/healthz", Public: true, handle: s.healthz},
		{Method: "GET", Path: "/readyz", Public: true, handle: s.readyz},
		{Method: "POST", Path: "/api/v1/login", Public: true, handle: s.login},
		{Method: "GET", Path: "/", Public: true, handle: s.page},
		{Method: "POST", Path: "/api/v1/logout", Role: i, handle: s.logout},
		{Method: "GET", Path: "/api/v1/me", Role: i, handle: s.me},
		{Method: "POST", Path: "/api/v1/scans/classify", Role: i, handle: s.classify},
		{Method: "POST", Path: "/api/v1/scans/frame", Role: i, handle: s.frame},
		{Method: "POST", Path: "/api/v1/bindings", Role: i, handle: s.bind},
		{Method: "POST", Path: "/api/v1/bindings/replace", Role: sup, handle: s.replace},
		{Method: "POST", Path: "/api/v1/bindings/unbind", Role: sup, handle: s.unbind},
		{Method: "GET", Path: "/api/v1/bindings/find", Role: i, handle: s.find},
		{Method: "GET", Path: "/api/v1/events/{id}/replication", Role: i, handle: s.eventReplication},
		{Method: "GET", Path: "/api/v1/replication", Role: sup, handle: s.replicationQueue},
		{Method: "GET", Path: "/api/v1/export", Role: adm, handle: s.export},
		{Method: "GET", Path: "/metrics", Role: adm, handle: s.metricsHandler},
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		pattern := rt.Method + " " + rt.Path
		if rt.Path == "/" {
			pattern = "GET /" // the page and its assets
		}
		mux.Handle(pattern, s.wrap(rt))
	}
	notFound := func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint: see docs/api.md", nil)
	}
	mux.HandleFunc("/", notFound)
	mux.HandleFunc("GET /api/", notFound) // not the page's
	mux.HandleFunc("GET /metrics/", notFound)
	s.handler = securityHeaders(opt.TLS, mux)
	return s
}

// Routes returns every endpoint (the auth test walks them).
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// Handler is the HTTP handler of the whole API.
func (s *Server) Handler() http.Handler { return s.handler }

// securityHeaders are set on every response. The CSP allows only the
// page's own scripts and styles (no inline script), camera frames as blob:
// and data: images.
func securityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if tls {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// wrap authenticates, authorises, checks CSRF, measures and logs one route.
func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.opt.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		var p *principal
		func() {
			if rt.Public {
				rt.handle(rec, r, nil)
				return
			}
			var code, msg string
			var status int
			p, status, code, msg = s.authenticate(r)
			if p == nil {
				writeError(rec, status, code, msg, nil)
				return
			}
			if p.session != nil && r.Method != http.MethodGet && r.Method != http.MethodHead && !p.session.checkCSRF(r.Header.Get("X-CSRF-Token")) {
				writeError(rec, http.StatusForbidden, "csrf", "missing or wrong X-CSRF-Token header: sign in again to get a fresh token", nil)
				return
			}
			if !p.role.Allows(rt.Role) {
				writeError(rec, http.StatusForbidden, "forbidden", "this needs the "+string(rt.Role)+" role; "+p.user+" is "+string(p.role), nil)
				return
			}
			rt.handle(rec, r, p)
		}()
		d := s.opt.Now().Sub(start)
		s.metrics.observe(rt.Method, rt.Path, rec.status, d)
		attrs := []any{"method", r.Method, "route", rt.Path, "status", rec.status, "duration_ms", float64(d.Microseconds()) / 1000, "remote", clientAddr(r)}
		if p != nil {
			attrs = append(attrs, "user", p.user)
		}
		if rt.Path != "/" || rec.status >= 400 {
			s.log.Info("request", attrs...)
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

// Flush lets the export stream.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
