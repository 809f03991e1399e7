package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/store/pgtest"
	"github.com/hwident/hwident/identity"
)

// opener opens the same store again (persistence is part of the contract).
type opener func(t *testing.T) Store

func fileOpener(t *testing.T) opener {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	return func(t *testing.T) Store {
		s, err := OpenFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

func pgOpener(t *testing.T) opener {
	c := pgtest.Start(t)
	n := 0
	return func(t *testing.T) Store {
		n++
		s, err := OpenPostgres(context.Background(), c.DSN("ledger"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// TestConformance runs one suite against every store: the rules must be
// the same everywhere.
func TestConformance(t *testing.T) {
	stores := map[string]func(t *testing.T) opener{"file": fileOpener, "postgres": pgOpener}
	for name, mk := range stores {
		t.Run(name, func(t *testing.T) {
			for _, tc := range conformanceCases {
				t.Run(tc.name, func(t *testing.T) {
					open := mk(t)
					s := open(t)
					t.Cleanup(func() { s.Close() })
					tc.run(t, s, open)
				})
			}
		})
	}
}

func dev(mac string) identity.Identity { return identity.Identity{{Key: "mac", Value: mac}} }

var ctx = context.Background()

func mustBind(t *testing.T, s Store, req BindRequest) Result {
	t.Helper()
	if req.By == "" {
		req.By = "ann"
	}
	if req.Station == "" {
		req.Station = "test"
	}
	r, err := s.Bind(ctx, req)
	if err != nil {
		t.Fatalf("bind %s: %v", req.Product, err)
	}
	return r
}

var conformanceCases = []struct {
	name string
	run  func(t *testing.T, s Store, reopen opener)
}{
	{"bind repeat conflict", func(t *testing.T, s Store, _ opener) {
		r := mustBind(t, s, BindRequest{Product: "P1", GTIN: "09506000134352", Device: dev("02:00:00:00:00:01")})
		if r.Outcome != Bound || r.Event == nil || r.Event.ID == "" || r.Binding.Product != "P1" || r.Binding.EventID != r.Event.ID {
			t.Fatalf("first bind = %+v", r)
		}
		r = mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01")})
		if r.Outcome != AlreadyBound || r.Event != nil || r.Binding == nil || r.Binding.By != "ann" {
			t.Fatalf("repeat = %+v", r)
		}
		_, err := s.Bind(ctx, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:02"), By: "bob"})
		var ce *ConflictError
		if !errors.As(err, &ce) || ce.DeviceBoundElsewhere || ce.Existing.Product != "P1" || ce.Existing.DeviceHash() != dev("02:00:00:00:00:01").ID() {
			t.Fatalf("product conflict: %v", err)
		}
		_, err = s.Bind(ctx, BindRequest{Product: "P2", Device: dev("02:00:00:00:00:01"), By: "bob"})
		if !errors.As(err, &ce) || !ce.DeviceBoundElsewhere || ce.Existing.Product != "P1" {
			t.Fatalf("device conflict: %v", err)
		}
		b, ok, err := s.ByProduct(ctx, "P1")
		if err != nil || !ok || b.GTIN != "09506000134352" || b.By != "ann" {
			t.Fatalf("ByProduct = %+v %v %v", b, ok, err)
		}
		if _, ok, _ := s.ByProduct(ctx, "P2"); ok {
			t.Fatal("a refused bind was recorded")
		}
	}},
	{"replace and history", func(t *testing.T, s Store, _ opener) {
		mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01")})
		mustBind(t, s, BindRequest{Product: "P2", Device: dev("02:00:00:00:00:02")})
		// P1 gets module 2, which leaves P2 unbound; module 1 is free.
		r := mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:02"), Replace: true, By: "sue", Reason: "module swap"})
		if r.Outcome != Replaced || r.Event.Kind != KindReplace || r.Event.PreviousProduct != "P2" || r.Event.PreviousDevice.ID() != dev("02:00:00:00:00:01").ID() || r.Event.Reason != "module swap" {
			t.Fatalf("replace = %+v %+v", r, r.Event)
		}
		if r.Previous == nil || r.Previous.Product != "P1" {
			t.Fatalf("previous = %+v", r.Previous)
		}
		if _, ok, _ := s.ByProduct(ctx, "P2"); ok {
			t.Error("P2 still bound after its module moved")
		}
		if _, ok, _ := s.ByDevice(ctx, dev("02:00:00:00:00:01").ID()); ok {
			t.Error("module 1 still bound after replace")
		}
		h, err := s.History(ctx, "P2", "")
		if err != nil || len(h) != 2 || h[0].Kind != KindBind || h[1].Kind != KindReplace {
			t.Fatalf("P2 history = %+v %v", h, err)
		}
		h, _ = s.History(ctx, "", dev("02:00:00:00:00:01").ID())
		if len(h) != 2 || h[1].By != "sue" {
			t.Fatalf("module 1 history = %+v", h)
		}
		h, _ = s.History(ctx, "P1", dev("02:00:00:00:00:01").ID())
		if len(h) != 2 {
			t.Fatalf("P1 or module 1 history has %d events, want 2 (no duplicates)", len(h))
		}
	}},
	{"unbind", func(t *testing.T, s Store, _ opener) {
		mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01")})
		r, err := s.Unbind(ctx, UnbindRequest{Product: "P1", By: "sue", Reason: "scrapped"})
		if err != nil || r.Outcome != Unbound || r.Previous.Product != "P1" || r.Event.Kind != KindUnbind || r.Event.Reason != "scrapped" {
			t.Fatalf("unbind = %+v %v", r, err)
		}
		if _, err := s.Unbind(ctx, UnbindRequest{Product: "P1"}); !errors.Is(err, ErrNotBound) {
			t.Fatalf("second unbind: %v", err)
		}
		mustBind(t, s, BindRequest{Product: "P3", Device: dev("02:00:00:00:00:01")})
		if r, err := s.Unbind(ctx, UnbindRequest{Device: dev("02:00:00:00:00:01")}); err != nil || r.Previous.Product != "P3" {
			t.Fatalf("unbind by device = %+v %v", r, err)
		}
	}},
	{"idempotency keys", func(t *testing.T, s Store, _ opener) {
		first := mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01"), IdempotencyKey: "k1"})
		// Someone unbinds meanwhile: the retried request must not bind again.
		if _, err := s.Unbind(ctx, UnbindRequest{Product: "P1", By: "sue", IdempotencyKey: "k2"}); err != nil {
			t.Fatal(err)
		}
		r := mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01"), IdempotencyKey: "k1"})
		if !r.Repeat || r.Outcome != AlreadyBound || r.Event.ID != first.Event.ID {
			t.Fatalf("replayed key = %+v", r)
		}
		if _, ok, _ := s.ByProduct(ctx, "P1"); ok {
			t.Fatal("a replayed key bound again")
		}
		if _, err := s.Bind(ctx, BindRequest{Product: "P9", Device: dev("02:00:00:00:00:09"), By: "ann", IdempotencyKey: "k1"}); !errors.Is(err, ErrIdempotencyMismatch) {
			t.Fatalf("key reused for another pair: %v", err)
		}
		if r, err := s.Unbind(ctx, UnbindRequest{Product: "P1", IdempotencyKey: "k2"}); err != nil || !r.Repeat || r.Outcome != Unbound {
			t.Fatalf("replayed unbind = %+v %v", r, err)
		}
		n := 0
		s.Export(ctx, func(Event) error { n++; return nil })
		if n != 2 {
			t.Fatalf("%d events, want 2", n)
		}
	}},
	{"persists and exports in order", func(t *testing.T, s Store, reopen opener) {
		var ids []string
		for i := range 5 {
			r := mustBind(t, s, BindRequest{Product: fmt.Sprintf("P%d", i), Device: dev(fmt.Sprintf("02:00:00:00:00:%02x", i)), IdempotencyKey: fmt.Sprint("k", i)})
			ids = append(ids, r.Event.ID)
		}
		s.Close()
		s2 := reopen(t)
		defer s2.Close()
		var got []string
		if err := s2.Export(ctx, func(ev Event) error { got = append(got, ev.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(ids) {
			t.Fatalf("export = %v, want %v", got, ids)
		}
		if r := mustBind(t, s2, BindRequest{Product: "P3", Device: dev("02:00:00:00:00:03"), IdempotencyKey: "k3"}); !r.Repeat {
			t.Fatal("idempotency key forgotten after reopening")
		}
	}},
	{"bindings export", func(t *testing.T, s Store, _ opener) {
		// Binds, a replace that takes a bound device and an unbind: the
		// current bindings, sorted bytewise, are the fold of the events.
		for i, p := range []string{"b2", "B1", "a3", "c4"} {
			mustBind(t, s, BindRequest{Product: p, Device: dev(fmt.Sprintf("02:00:00:00:01:%02x", i))})
		}
		mustBind(t, s, BindRequest{Product: "a3", Device: dev("02:00:00:00:01:00"), Replace: true, Reason: "swap"}) // b2's device
		if _, err := s.Unbind(ctx, UnbindRequest{Product: "c4", By: "sue", Station: "test", Reason: "scrapped"}); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := s.Bindings(ctx, func(b Binding) error { got = append(got, b.Product+"="+b.DeviceHash()[:8]+"@"+b.By); return nil }); err != nil {
			t.Fatal(err)
		}
		fold := NewFold()
		if err := s.Export(ctx, func(ev Event) error { fold.Add(ev); return nil }); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, b := range fold.Bindings() {
			want = append(want, b.Product+"="+b.DeviceHash()[:8]+"@"+b.By)
		}
		if len(got) != 2 || !strings.HasPrefix(got[0], "B1=") || !strings.HasPrefix(got[1], "a3=") || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("bindings %v, the fold of the export %v; want B1 and a3 in that order", got, want)
		}
	}},
	{"login failures", func(t *testing.T, s Store, _ opener) {
		t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		keys := []string{"user:ann", "addr:192.0.2.1"}
		for i := range 3 {
			if err := s.AddLoginFailure(ctx, keys[:1+i%2], t0.Add(time.Duration(i)*time.Minute), t0.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.LoginFailures(ctx, append(keys, "user:bob"), t0.Add(-time.Second))
		if err != nil || len(got) != 2 || got["user:ann"].N != 3 || !got["user:ann"].Oldest.Equal(t0) || got["addr:192.0.2.1"].N != 1 {
			t.Fatalf("failures %+v %v", got, err)
		}
		if got, _ := s.LoginFailures(ctx, keys, t0); got["user:ann"].N != 2 || !got["user:ann"].Oldest.Equal(t0.Add(time.Minute)) {
			t.Fatalf("failures after the first: %+v", got)
		}
		if err := s.AddLoginFailure(ctx, keys[1:], t0.Add(3*time.Minute), t0.Add(90*time.Second)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.LoginFailures(ctx, keys, t0.Add(90*time.Second)); got["addr:192.0.2.1"].N != 1 || got["user:ann"].N != 1 {
			t.Fatalf("in the last 90 s: %+v", got)
		}
	}},
	{"outbox", func(t *testing.T, s Store, reopen opener) {
		mustBind(t, s, BindRequest{Product: "P0", Device: dev("02:00:00:00:00:10")}) // before the target: not queued
		if err := s.RegisterTarget(ctx, "mender"); err != nil {
			t.Fatal(err)
		}
		if err := s.RegisterTarget(ctx, "mender"); err != nil {
			t.Fatal("registering twice:", err)
		}
		a := mustBind(t, s, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01")})
		b := mustBind(t, s, BindRequest{Product: "P2", Device: dev("02:00:00:00:00:02")})
		u, err := s.Unbind(ctx, UnbindRequest{Product: "P1", By: "sue"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		due, err := s.Due(ctx, "mender", now, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		// The unbind of P1 waits for the bind of P1.
		if len(due) != 2 || due[0].Event.ID != a.Event.ID || due[1].Event.ID != b.Event.ID {
			t.Fatalf("due = %+v", due)
		}
		if err := s.RecordAttempt(ctx, Attempt{EventID: a.Event.ID, Target: "mender", State: Pending, Error: "device not known yet", NextAttempt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordAttempt(ctx, Attempt{EventID: b.Event.ID, Target: "mender", State: Delivered}); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.Due(ctx, "mender", now.Add(2*time.Minute), 10, time.Minute); len(due) != 0 {
			t.Fatalf("due while P1's bind waits = %+v", due)
		}
		d, err := s.Deliveries(ctx, a.Event.ID)
		if err != nil || len(d) != 1 || d[0].State != Pending || d[0].Attempts != 1 || d[0].LastError != "device not known yet" {
			t.Fatalf("deliveries = %+v %v", d, err)
		}
		q, err := s.Queue(ctx)
		if err != nil || len(q) != 1 || q[0].Depth != 2 || q[0].Oldest.IsZero() {
			t.Fatalf("queue = %+v %v", q, err)
		}
		s.Close()
		s = reopen(t)
		defer s.Close()
		later := now.Add(2 * time.Hour)
		due, err = s.Due(ctx, "mender", later, 10, time.Minute)
		if err != nil || len(due) != 1 || due[0].Event.ID != a.Event.ID || due[0].Delivery.Attempts != 1 {
			t.Fatalf("due after reopening = %+v %v", due, err)
		}
		s.RecordAttempt(ctx, Attempt{EventID: a.Event.ID, Target: "mender", State: Delivered})
		due, _ = s.Due(ctx, "mender", later, 10, time.Minute)
		if len(due) != 1 || due[0].Event.ID != u.Event.ID || due[0].Event.Kind != KindUnbind {
			t.Fatalf("due after P1's bind = %+v", due)
		}
		s.RecordAttempt(ctx, Attempt{EventID: u.Event.ID, Target: "mender", State: Failed, Error: "permanent"})
		if d, _ := s.Deliveries(ctx, u.Event.ID); len(d) != 1 || d[0].State != Failed {
			t.Fatalf("failed delivery = %+v", d)
		}
		if d, _ := s.Deliveries(ctx, b.Event.ID); len(d) != 1 || d[0].State != Delivered {
			t.Fatalf("delivered = %+v", d)
		}
		if q, _ := s.Queue(ctx); q[0].Depth != 0 {
			t.Fatalf("queue = %+v", q)
		}
	}},
	{"users and tokens", func(t *testing.T, s Store, _ opener) {
		if err := s.AddUser(ctx, User{Name: "ann", Role: RoleInstaller, PasswordHash: "h1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddUser(ctx, User{Name: "ann", Role: RoleAdmin, PasswordHash: "h2"}); !errors.Is(err, ErrUserExists) {
			t.Fatalf("duplicate user: %v", err)
		}
		if err := s.UpdateUser(ctx, "ann", func(u *User) error { u.Disabled = true; return nil }); err != nil {
			t.Fatal(err)
		}
		if u, err := s.User(ctx, "ann"); err != nil || !u.Disabled || u.Role != RoleInstaller {
			t.Fatalf("user = %+v %v", u, err)
		}
		if _, err := s.User(ctx, "nobody"); !errors.Is(err, ErrNoUser) {
			t.Fatalf("unknown user: %v", err)
		}
		if err := s.AddToken(ctx, Token{ID: "t1", User: "nobody", Hash: "x"}); !errors.Is(err, ErrNoUser) {
			t.Fatalf("token of unknown user: %v", err)
		}
		if err := s.AddToken(ctx, Token{ID: "t1", User: "ann", Hash: "abc"}); err != nil {
			t.Fatal(err)
		}
		if tok, err := s.TokenByHash(ctx, "abc"); err != nil || tok.User != "ann" {
			t.Fatalf("token = %+v %v", tok, err)
		}
		if err := s.RevokeToken(ctx, "t1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenByHash(ctx, "abc"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoked token: %v", err)
		}
	}},
	{"sessions", func(t *testing.T, s Store, _ opener) {
		if err := s.AddUser(ctx, User{Name: "ann", Role: RoleInstaller, PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if err := s.AddSession(ctx, Session{IDHash: "h1", User: "ann", CSRF: "c1", Expires: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Session(ctx, "h1", now); err != nil || got.User != "ann" || got.CSRF != "c1" {
			t.Fatalf("session = %+v %v", got, err)
		}
		if _, err := s.Session(ctx, "h1", now.Add(2*time.Hour)); !errors.Is(err, ErrNotFound) {
			t.Fatalf("expired session: %v", err)
		}
		if err := s.DeleteSession(ctx, "h1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "h1", now); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted session: %v", err)
		}
	}},
	{"racing binds bind once", func(t *testing.T, s Store, reopen opener) {
		// Two store handles (two processes' worth) and several goroutines
		// each race over the same products with different modules.
		s2 := reopen(t)
		defer s2.Close()
		var wg sync.WaitGroup
		var mu sync.Mutex
		bound := map[string]int{}
		for g := range 6 {
			st := s
			if g%2 == 1 {
				st = s2
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range 10 {
					r, err := st.Bind(ctx, BindRequest{Product: fmt.Sprint("P", p), Device: dev(fmt.Sprintf("02:00:00:00:%02x:%02x", g, p)), By: "ann", Station: "s"})
					var ce *ConflictError
					if err != nil && !errors.As(err, &ce) {
						t.Error(err)
						continue
					}
					if err == nil && r.Outcome == Bound {
						mu.Lock()
						bound[fmt.Sprint("P", p)]++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		for p := range 10 {
			if n := bound[fmt.Sprint("P", p)]; n != 1 {
				t.Errorf("P%d bound %d times", p, n)
			}
		}
	}},
}

// TestImportFile moves a file ledger into PostgreSQL: same events (ids
// kept), same bindings, and a second run imports nothing.
func TestImportFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	f, err := OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	mustBind(t, f, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01"), IdempotencyKey: "k1"})
	mustBind(t, f, BindRequest{Product: "P2", Device: dev("02:00:00:00:00:02")})
	mustBind(t, f, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:02"), Replace: true, Reason: "swap"})
	mustBind(t, f, BindRequest{Product: "P3", Device: dev("02:00:00:00:00:03")})
	if _, err := f.Unbind(ctx, UnbindRequest{Product: "P3", By: "sue", Reason: "scrapped"}); err != nil {
		t.Fatal(err)
	}
	var want []Event
	f.Export(ctx, func(ev Event) error { want = append(want, ev); return nil })
	f.Close()
	c := pgtest.Start(t)
	pg, err := OpenPostgres(ctx, c.DSN("ledger"))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	stats, err := ImportFile(ctx, name, pg, nil)
	if err != nil || stats.Imported != 5 || stats.Bindings != 1 {
		t.Fatalf("import = %+v %v", stats, err)
	}
	var got []Event
	pg.Export(ctx, func(ev Event) error { got = append(got, ev); return nil })
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Kind != want[i].Kind || !got[i].At.Equal(want[i].At) || got[i].Reason != want[i].Reason {
			t.Errorf("event %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if r := mustBind(t, pg, BindRequest{Product: "P1", Device: dev("02:00:00:00:00:01"), IdempotencyKey: "k1"}); !r.Repeat {
		t.Error("idempotency key lost in the import")
	}
	if stats, err := ImportFile(ctx, name, pg, nil); err != nil || stats.Imported != 0 || stats.Skipped != 5 {
		t.Fatalf("second import = %+v %v", stats, err)
	}
}

// TestMigrations: applied once each, recorded with their version, and a
// database newer than this hwident is refused.
func TestMigrations(t *testing.T) {
	dsn := pgtest.Start(t).DSN("ledger")
	for range 2 {
		pg, err := OpenPostgres(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		v, err := pg.SchemaVersion(ctx)
		if err != nil || v != 3 {
			t.Fatalf("schema version %d %v, want 3", v, err)
		}
		var n int
		pg.pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n)
		if n != 3 {
			t.Fatalf("%d migrations recorded, want 3", n)
		}
		if _, err := pg.pool.Exec(ctx, "UPDATE events SET product = 'x'"); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("UPDATE of the history: %v", err)
		}
		pg.Close()
	}
	pg, _ := OpenPostgres(ctx, dsn)
	pg.pool.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES (99, 'future')")
	pg.Close()
	if _, err := OpenPostgres(ctx, dsn); err == nil || !strings.Contains(err.Error(), "upgrade hwident") {
		t.Fatalf("a newer schema: %v", err)
	}
}
