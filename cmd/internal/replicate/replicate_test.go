package replicate

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/store/pgtest"
	"github.com/hwident/hwident/identity"
)

func stores(t *testing.T) map[string]func(t *testing.T) store.Store {
	return map[string]func(t *testing.T) store.Store{
		"file": func(t *testing.T) store.Store {
			s, err := store.OpenFile(filepath.Join(t.TempDir(), "ledger.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": func(t *testing.T) store.Store {
			c := pgtest.Start(t)
			s, err := store.OpenPostgres(context.Background(), c.DSN("ledger"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
}

var fast = Backoff{Base: 10 * time.Millisecond, Max: 80 * time.Millisecond}

func idOf(mac string) identity.Identity { return identity.Identity{{Key: "mac", Value: mac}} }

func idData(mac string) map[string]any { return map[string]any{"mac": mac} }

// waitFor polls cond until it holds or the test's bound runs out.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func bind(t *testing.T, s store.Store, req store.BindRequest) store.Result {
	t.Helper()
	req.By, req.Station = "ann", "test"
	r, err := s.Bind(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func queueEmpty(s store.Store, target string) func() bool {
	return func() bool {
		qs, err := s.Queue(context.Background())
		if err != nil {
			return false
		}
		for _, q := range qs {
			if q.Target == target {
				return q.Depth == 0
			}
		}
		return false
	}
}

// TestMender: bind, replace onto a module Mender does not know yet (the
// event waits, others pass), then the module connects; Mender answers 500s
// and times out for a while. The final inventory is the ledger's.
func TestMender(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st := open(t)
			ms := mendertest.New()
			defer ms.Close()
			var faults atomic.Int32
			faults.Store(12)
			ms.Fault = func(r *http.Request) (int, time.Duration) {
				switch n := faults.Add(-1); {
				case n < 0:
					return 0, 0
				case n%3 == 0:
					return 0, 900 * time.Millisecond // longer than the delivery timeout
				default:
					return http.StatusInternalServerError, 0
				}
			}
			oldID := ms.AddDevice(idData("02:00:00:00:00:01"))
			ms.SetGroup(oldID, "fleet-a")
			otherID := ms.ConnectDevice(idData("02:00:00:00:00:03"))
			c := menderapi.New(ms.URL, mendertest.GoodToken)
			c.HTTP.Timeout = 0
			w := &Worker{Outbox: st, Target: &Mender{Client: c}, Backoff: fast, Poll: 10 * time.Millisecond, Timeout: 400 * time.Millisecond}
			if err := st.RegisterTarget(ctx, "mender"); err != nil {
				t.Fatal(err)
			}
			bind(t, st, store.BindRequest{Product: "P1", GTIN: "09506000134352", Device: idOf("02:00:00:00:00:01")})
			rep := bind(t, st, store.BindRequest{Product: "P1", Device: idOf("02:00:00:00:00:02"), Replace: true, Reason: "swap"})
			bind(t, st, store.BindRequest{Product: "P3", Device: idOf("02:00:00:00:00:03")})
			done := make(chan struct{})
			go func() { w.Run(ctx); close(done) }()
			waitFor(t, "P3 tagged while P1's new module is unknown", func() bool { v, _ := ms.Tag(otherID, TagProductSerial); return v == "P3" })
			waitFor(t, "the old module tagged P1 (the bind is delivered)", func() bool { return ms.Tags(oldID)[TagProductSerial] == "P1" || ms.Tags(oldID)[TagReplacedBy] != "" })
			d, err := st.Deliveries(ctx, rep.Event.ID)
			if err != nil || len(d) != 1 || d[0].State != store.Pending {
				t.Fatalf("replace onto an unknown module: %+v %v", d, err)
			}
			newID := ms.ConnectDevice(idData("02:00:00:00:00:02"))
			waitFor(t, "queue drained", queueEmpty(st, "mender"))
			if got := ms.Tags(newID); got[TagProductSerial] != "P1" || got[TagGTIN] != "" || len(got) != 1 {
				t.Errorf("new module tags = %v", got)
			}
			if g := ms.Group(newID); g != "fleet-a" {
				t.Errorf("new module group = %q, want the old module's", g)
			}
			if got := ms.Tags(oldID); got[TagReplacedBy] != newID || got[TagProductSerial] != "" || got[TagGTIN] != "" {
				t.Errorf("old module tags = %v", got)
			}
			if _, err := st.Unbind(ctx, store.UnbindRequest{Product: "P3", By: "sue"}); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "unbind delivered", queueEmpty(st, "mender"))
			if got := ms.Tags(otherID); len(got) != 0 {
				t.Errorf("unbound module tags = %v", got)
			}
			if faults.Load() >= 0 {
				t.Error("the faults were never hit")
			}
			cancel()
			<-done
		})
	}
}

// TestWebhook: the receiver is down (503, then refusing connections), then
// up; every event arrives, signed, each event id at least once and each
// applied once by deduplication, in order per product.
func TestWebhook(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st := open(t)
			secret := []byte("s3cret")
			var mu sync.Mutex
			var up atomic.Bool
			seen := map[string]int{}
			var order []string
			rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if !up.Load() {
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				if !Verify(secret, body, r.Header.Get(SignatureHeader)) {
					t.Errorf("bad signature on %s", body)
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				mu.Lock()
				id := r.Header.Get(EventIDHeader)
				if seen[id] == 0 {
					order = append(order, id)
				}
				seen[id]++
				mu.Unlock()
			}))
			defer rx.Close()
			wh := &Webhook{URL: rx.URL, Secret: secret}
			if err := st.RegisterTarget(ctx, wh.Name()); err != nil {
				t.Fatal(err)
			}
			var want []string
			for i, mac := range []string{"02:00:00:00:00:01", "02:00:00:00:00:02"} {
				r := bind(t, st, store.BindRequest{Product: []string{"P1", "P2"}[i], Device: idOf(mac)})
				want = append(want, r.Event.ID)
			}
			u, _ := st.Unbind(ctx, store.UnbindRequest{Product: "P1", By: "sue"})
			want = append(want, u.Event.ID)
			w := &Worker{Outbox: st, Target: wh, Backoff: fast, Poll: 10 * time.Millisecond}
			done := make(chan struct{})
			go func() { w.Run(ctx); close(done) }()
			waitFor(t, "attempts while down", func() bool {
				d, _ := st.Deliveries(ctx, want[0])
				return len(d) == 1 && d[0].Attempts >= 3
			})
			up.Store(true)
			waitFor(t, "queue drained", queueEmpty(st, wh.Name()))
			mu.Lock()
			defer mu.Unlock()
			if len(order) != 3 {
				t.Fatalf("received %v, want %v", order, want)
			}
			pos := map[string]int{}
			for i, id := range order {
				pos[id] = i
			}
			if pos[want[0]] > pos[want[2]] {
				t.Errorf("unbind of P1 arrived before its bind: %v", order)
			}
			cancel()
			<-done
		})
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 8 * time.Second}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 9: 8 * time.Second} {
		lo, hi := b.Delay(n, func() float64 { return 0 }), b.Delay(n, func() float64 { return 0.999999 })
		if lo != want/2 || hi > want || hi < want*9/10 {
			t.Errorf("attempt %d: delay in [%v, %v], want [%v, %v]", n, lo, hi, want/2, want)
		}
	}
}
