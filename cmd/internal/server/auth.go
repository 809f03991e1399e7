package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
)

// sessionCookie is the web page's session.
const sessionCookie = "hwident_session"

// principal is who a request is from.
type principal struct {
	user    string
	role    store.Role
	session *session // nil for a bearer token
}

// authenticate resolves the bearer token or the session cookie. The user
// of a session is read again on every request, so disabling takes effect
// at once; a bearer token's user is remembered for tokenTTL (tokenCache).
func (s *Server) authenticate(r *http.Request) (*principal, int, string, string) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || secret == "" {
			return nil, http.StatusUnauthorized, "unauthorized", "Authorization must be \"Bearer TOKEN\" (hwident serve token create)"
		}
		hash := credential.HashToken(secret)
		now := s.opt.Now()
		if p := s.tokens.get(hash, now); p != nil {
			return p, 0, "", ""
		}
		tok, err := s.opt.Store.TokenByHash(ctx, hash)
		if err != nil {
			return s.authFailure(err, "unknown or revoked token")
		}
		p, status, code, msg := s.principalFor(ctx, tok.User, nil)
		if p != nil {
			s.tokens.put(hash, p, now)
		}
		return p, status, code, msg
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, http.StatusUnauthorized, "unauthorized", "sign in first (POST /api/v1/login) or send a bearer token"
	}
	sess, err := s.sessions.get(ctx, c.Value)
	if err != nil {
		return s.authFailure(err, "the session expired or ended: sign in again")
	}
	return s.principalFor(ctx, sess.user, sess)
}

func (s *Server) authFailure(err error, msg string) (*principal, int, string, string) {
	if errors.Is(err, store.ErrUnavailable) {
		return nil, http.StatusServiceUnavailable, "unavailable", "the ledger database is unavailable: retry shortly"
	}
	if !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrNoUser) {
		s.log.Error("authenticate", "error", err)
		return nil, http.StatusInternalServerError, "internal", "internal error: see the service log"
	}
	return nil, http.StatusUnauthorized, "unauthorized", msg
}

func (s *Server) principalFor(ctx context.Context, name string, sess *session) (*principal, int, string, string) {
	u, err := s.opt.Store.User(ctx, name)
	if err != nil {
		return s.authFailure(err, "the user no longer exists")
	}
	if u.Disabled {
		if sess != nil {
			s.sessions.end(ctx, sess)
		}
		return nil, http.StatusUnauthorized, "unauthorized", "user " + name + " is disabled"
	}
	return &principal{user: u.Name, role: u.Role, session: sess}, 0, "", ""
}

// tokenTTL bounds how long a bearer token's user and role are taken from
// memory: a token revoked, or its user disabled or given another role,
// is refused by every serve instance at most this long afterwards. A
// machine binding flat out then costs no database round trip to
// authenticate (the token is a SHA-256 hash, no KDF, either way).
const tokenTTL = 2 * time.Second

// tokenCache remembers principals of bearer tokens by the token's hash;
// failures are never remembered.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]tokenEntry
}

type tokenEntry struct {
	p       principal
	expires time.Time
}

// tokenCacheMax bounds the memory of the cache: when full, it starts over.
const tokenCacheMax = 4096

func (c *tokenCache) get(hash string, now time.Time) *principal {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || !now.Before(e.expires) {
		return nil
	}
	p := e.p
	return &p
}

func (c *tokenCache) put(hash string, p *principal, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= tokenCacheMax {
		c.entries = map[string]tokenEntry{}
	}
	c.entries[hash] = tokenEntry{p: *p, expires: now.Add(tokenTTL)}
}

type session struct {
	idHash string
	user   string
	csrf   string
}

func (s *session) checkCSRF(tok string) bool {
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.csrf)) == 1
}

// sessions are kept in the store, so every serve instance over one
// PostgreSQL ledger knows them (the file store keeps them in memory).
type sessions struct {
	st  store.Sessions
	now func() time.Time
	ttl time.Duration
}

func newSessions(st store.Sessions, now func() time.Time, ttl time.Duration) *sessions {
	return &sessions{st: st, now: now, ttl: ttl}
}

func sessionKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// create returns a new session and its cookie value.
func (ss *sessions) create(ctx context.Context, user string) (*session, string, error) {
	id := credential.NewSecret(32)
	sess := &session{idHash: sessionKey(id), user: user, csrf: credential.NewSecret(32)}
	err := ss.st.AddSession(ctx, store.Session{IDHash: sess.idHash, User: user, CSRF: sess.csrf, Expires: ss.now().Add(ss.ttl)})
	return sess, id, err
}

func (ss *sessions) get(ctx context.Context, id string) (*session, error) {
	s, err := ss.st.Session(ctx, sessionKey(id), ss.now())
	if err != nil {
		return nil, err
	}
	return &session{idHash: s.IDHash, user: s.User, csrf: s.CSRF}, nil
}

func (ss *sessions) end(ctx context.Context, sess *session) error {
	return ss.st.DeleteSession(ctx, sess.idHash)
}

// loginLimiter counts failed logins per user name and per client address
// in a sliding window, in the store: every serve instance of a PostgreSQL
// ledger sees the same count, so a guesser gets max tries per window
// however many instances answer (plus the logins in flight when the count
// is reached: a check and its failure are not one transaction).
type loginLimiter struct {
	st     store.LoginFailures
	now    func() time.Time
	max    int
	window time.Duration
}

func newLoginLimiter(st store.LoginFailures, now func() time.Time, max int, window time.Duration) *loginLimiter {
	return &loginLimiter{st: st, now: now, max: max, window: window}
}

// retryAfter returns how long keys must wait, 0 if they may try now.
func (l *loginLimiter) retryAfter(ctx context.Context, keys ...string) (time.Duration, error) {
	now := l.now()
	counts, err := l.st.LoginFailures(ctx, keys, now.Add(-l.window))
	if err != nil {
		return 0, err
	}
	var wait time.Duration
	for _, c := range counts {
		if c.N >= l.max {
			wait = max(wait, c.Oldest.Add(l.window).Sub(now))
		}
	}
	return wait, nil
}

func (l *loginLimiter) fail(ctx context.Context, keys ...string) error {
	now := l.now()
	return l.st.AddLoginFailure(ctx, keys, now, now.Add(-l.window))
}

// clientAddr is the peer's IP (no proxy headers are trusted).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type meResponse struct {
	User      string     `json:"user"`
	Role      store.Role `json:"role"`
	CSRFToken string     `json:"csrf_token,omitempty"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *principal) {
	var req loginRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	keys := []string{"user:" + req.Username, "addr:" + clientAddr(r)}
	wait, err := s.limiter.retryAfter(r.Context(), keys...)
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		writeError(w, http.StatusTooManyRequests, "rate_limited", "too many failed sign-ins: wait and try again", nil)
		return
	}
	u, err := s.opt.Store.User(r.Context(), req.Username)
	if errors.Is(err, store.ErrUnavailable) {
		writeStoreError(w, s.log, err)
		return
	}
	s.kdf <- struct{}{}
	var perr error
	if err != nil {
		// Hash anyway, so a missing user takes as long as a wrong password.
		_ = credential.CheckPassword(dummyHash(), req.Password)
		perr = credential.ErrMismatch
	} else {
		perr = credential.CheckPassword(u.PasswordHash, req.Password)
	}
	<-s.kdf
	if perr != nil || u.Disabled {
		if err := s.limiter.fail(r.Context(), keys...); err != nil {
			// Unavailable now: the answer is a refusal all the same.
			s.log.Error("count a failed login", "error", err)
		}
		s.log.Warn("login failed", "user", req.Username, "remote", clientAddr(r))
		writeError(w, http.StatusUnauthorized, "unauthorized", "wrong user name or password, or the user is disabled", nil)
		return
	}
	sess, id, err := s.sessions.create(r.Context(), u.Name)
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.opt.SessionTTL.Seconds())})
	s.log.Info("login", "user", u.Name, "remote", clientAddr(r))
	writeJSON(w, http.StatusOK, meResponse{User: u.Name, Role: u.Role, CSRFToken: sess.csrf})
}

// dummyHash is checked for unknown users (its password is random), so
// that they take as long as known ones. Made on first use, not at package
// init: every command of the station build would pay for it at start-up
// (argon2id, about 50 ms and 19 MiB). New makes it before any login.
var dummyHash = sync.OnceValue(func() string {
	h, _ := credential.HashPassword(credential.NewSecret(16))
	return h
})

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p *principal) {
	if p.session != nil {
		if err := s.sessions.end(r.Context(), p.session); err != nil {
			writeStoreError(w, s.log, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, p *principal) {
	resp := meResponse{User: p.user, Role: p.role}
	if p.session != nil {
		resp.CSRFToken = p.session.csrf
	}
	writeJSON(w, http.StatusOK, resp)
}
