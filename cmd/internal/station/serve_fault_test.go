package station

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
	"github.com/hwident/hwident/cmd/internal/replicate"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/store/pgtest"
)

// ledgers are the two stores the fault tests run against.
func ledgers(t *testing.T) map[string]func(t *testing.T) (spec string, certDir string) {
	return map[string]func(t *testing.T) (string, string){
		"file": func(t *testing.T) (string, string) {
			dir := t.TempDir()
			return filepath.Join(dir, "ledger.jsonl"), dir
		},
		"postgres": func(t *testing.T) (string, string) {
			return pgtest.Start(t).DSN("ledger"), t.TempDir()
		},
	}
}

// loadResult is what one client saw of one pair.
type loadResult struct {
	key, dev, product string
	status            int
}

// bindLoad sends binds of distinct pairs from several clients until stop
// is closed or n pairs were sent, to whatever URL url() returns.
func bindLoad(c *http.Client, url func() string, token string, clients, n int, base int, stop <-chan struct{}) []loadResult {
	var mu sync.Mutex
	var out []loadResult
	var next atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				r := loadResult{key: fmt.Sprint("key-", base+i), dev: identityLines(base + i), product: fmt.Sprintf("PRD-%06d", base+i)}
				r.status, _ = postBind(c, url(), token, r.key, r.dev, r.product)
				mu.Lock()
				out = append(out, r)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

// retryBind resends a pair with its key until it gets an answer that is
// not a network error or a 5xx (a busy machine may need a few tries).
func retryBind(c *http.Client, url, token string, r loadResult) int {
	for try := 0; ; try++ {
		code, _ := postBind(c, url, token, r.key, r.dev, r.product)
		if code != 0 && code < 500 || try == 10 {
			return code
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkLedger: every pair that got a 2xx is bound, and no product has more
// than one bind event.
func checkLedger(t *testing.T, spec string, acked []loadResult) {
	t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	binds := map[string]int{}
	st.Export(ctx, func(ev store.Event) error { binds[ev.Product]++; return nil })
	for p, n := range binds {
		if n != 1 {
			t.Errorf("product %s has %d events, want 1", p, n)
		}
	}
	for _, r := range acked {
		b, ok, err := st.ByProduct(ctx, r.product)
		if err != nil || !ok || !strings.Contains(r.dev, b.Device[0].Value) {
			t.Errorf("acknowledged pair %s lost: %+v %v %v", r.product, b, ok, err)
		}
	}
}

// TestServeKill9UnderLoad: serve is killed with SIGKILL while clients
// bind; after a restart the clients retry what got no answer with the same
// idempotency key. Every acknowledged pair is there, none twice.
func TestServeKill9UnderLoad(t *testing.T) {
	for name, mk := range ledgers(t) {
		t.Run(name, func(t *testing.T) {
			spec, dir := mk(t)
			tok := addUser(t, spec, "ann", "installer")
			args := []string{"--ledger", spec, "--tls-dir", dir}
			p := startServe(t, nil, args...)
			c := apiClient(t, filepath.Join(dir, "hwident-serve.crt"))
			var mu sync.Mutex
			url := func() string { mu.Lock(); defer mu.Unlock(); return p.url }
			stop := make(chan struct{})
			done := make(chan []loadResult)
			go func() { done <- bindLoad(c, url, tok, 8, 20000, 0, stop) }()
			time.Sleep(300 * time.Millisecond)
			p.kill9()
			close(stop)
			results := <-done
			np := startServe(t, nil, args...)
			mu.Lock()
			p = np
			mu.Unlock()
			var acked []loadResult
			lost := 0
			for _, r := range results {
				if r.status/100 != 2 {
					lost++
					r.status = retryBind(c, url(), tok, r)
				}
				if r.status/100 != 2 {
					t.Fatalf("retry of %s after the restart: %d", r.product, r.status)
				}
				acked = append(acked, r)
			}
			t.Logf("%d requests, %d without an answer at the kill", len(results), lost)
			checkLedger(t, spec, acked)
		})
	}
}

// TestServePostgresRestart: PostgreSQL stops mid-load; requests fail with
// 503 (never a half-written binding), readiness says so, and both recover
// when it is back.
func TestServePostgresRestart(t *testing.T) {
	c := pgtest.Start(t)
	spec, dir := c.DSN("ledger"), t.TempDir()
	tok := addUser(t, spec, "ann", "installer")
	p := startServe(t, nil, "--ledger", spec, "--tls-dir", dir)
	hc := apiClient(t, filepath.Join(dir, "hwident-serve.crt"))
	url := func() string { return p.url }
	first := bindLoad(hc, url, tok, 4, 40, 0, nil)
	c.Stop()
	down := bindLoad(hc, url, tok, 4, 20, 1000, nil)
	for _, r := range down {
		if r.status != http.StatusServiceUnavailable {
			t.Fatalf("bind with the database down = %d, want 503", r.status)
		}
	}
	resp, err := hc.Get(p.url + "/readyz")
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("readyz with the database down: %v %v", resp, err)
	}
	resp.Body.Close()
	c.Start()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := hc.Get(p.url + "/readyz")
		if err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready again after the database restart:\n%s", p.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var acked []loadResult
	for _, r := range append(first, down...) {
		if r.status/100 != 2 {
			r.status = retryBind(hc, p.url, tok, r)
		}
		if r.status/100 != 2 {
			t.Fatalf("bind %s after recovery = %d", r.product, r.status)
		}
		acked = append(acked, r)
	}
	checkLedger(t, spec, acked)
}

// TestServeRacing: two serve instances and two CLI stations share one
// PostgreSQL ledger and race over the same products with different
// modules; every product is bound exactly once.
func TestServeRacing(t *testing.T) {
	c := pgtest.Start(t)
	spec := c.DSN("ledger")
	tok := addUser(t, spec, "ann", "installer")
	var serves []*serveProc
	var clients []*http.Client
	for range 2 {
		dir := t.TempDir()
		serves = append(serves, startServe(t, nil, "--ledger", spec, "--tls-dir", dir))
		clients = append(clients, apiClient(t, filepath.Join(dir, "hwident-serve.crt")))
	}
	const products = 30
	var wg sync.WaitGroup
	var bound atomic.Int64
	for s := range 2 {
		for g := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range products {
					dev := identityLines(1000*(s*2+g+1) + i)
					code, _ := postBind(clients[s], serves[s].url, tok, fmt.Sprintf("k-%d-%d-%d", s, g, i), dev, fmt.Sprintf("PRD-%06d", i))
					if code == 201 {
						bound.Add(1)
					} else if code != 409 {
						t.Errorf("serve %d bind = %d", s, code)
					}
				}
			}()
		}
	}
	var cliErr [2]error
	for st := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in strings.Builder
			for i := range products {
				fmt.Fprintf(&in, "%s\nPRD-%06d\n", labelPayload(t, deviceN(5000*(st+1)+i)), i)
			}
			cmd := child(map[string]string{"USER": "station"}, "bind", "--ledger", spec, "--station", fmt.Sprint("cli", st))
			cmd.Stdin = strings.NewReader(in.String())
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			// Refused pairs make the exit status 1; anything else is a failure.
			if err != nil && strings.Count(stderr.String(), "refused: ") == 0 {
				cliErr[st] = fmt.Errorf("%v: %s", err, stderr.String())
			}
			bound.Add(int64(strings.Count("\n"+string(out), "\nbound PRD-")))
		}()
	}
	wg.Wait()
	for _, err := range cliErr {
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	st, err := store.OpenPostgres(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	events := map[string]int{}
	st.Export(ctx, func(ev store.Event) error { events[ev.Product]++; return nil })
	for i := range products {
		p := fmt.Sprintf("PRD-%06d", i)
		if events[p] != 1 {
			t.Errorf("%s has %d events, want exactly 1", p, events[p])
		}
	}
	if bound.Load() != products {
		t.Errorf("%d binds reported as made, want %d", bound.Load(), products)
	}
}

// TestServeReplication: serve replicates to the Mender test server and a
// webhook while Mender answers 500s and times out, the webhook is down,
// one module has not connected yet, and serve is killed with SIGKILL and
// restarted; in the end every device has its product's tags and the
// webhook has every event.
func TestServeReplication(t *testing.T) {
	for name, mk := range ledgers(t) {
		t.Run(name, func(t *testing.T) {
			spec, dir := mk(t)
			tok := addUser(t, spec, "sue", "supervisor")
			ms := mendertest.New()
			defer ms.Close()
			var faults atomic.Int32
			faults.Store(20)
			ms.Fault = func(r *http.Request) (int, time.Duration) {
				switch n := faults.Add(-1); {
				case n < 0:
					return 0, 0
				case n%4 == 0:
					return 0, 1500 * time.Millisecond // longer than --delivery-timeout
				default:
					return http.StatusInternalServerError, 0
				}
			}
			const n = 6
			devIDs := map[int]string{}
			for i := range n - 1 {
				devIDs[i] = ms.AddDevice(map[string]any{"mac": deviceN(i)[0].Value})
			}
			secret := "0123456789abcdef-secret"
			var up atomic.Bool
			var mu sync.Mutex
			got := map[string]int{}
			rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if !up.Load() {
					w.WriteHeader(http.StatusBadGateway)
					return
				}
				if !replicate.Verify([]byte(secret), body, r.Header.Get(replicate.SignatureHeader)) {
					t.Errorf("bad signature")
				}
				mu.Lock()
				got[r.Header.Get(replicate.EventIDHeader)]++
				mu.Unlock()
			}))
			defer rx.Close()
			env := map[string]string{"HWIDENT_MENDER_TOKEN": mendertest.GoodToken, "HWIDENT_WEBHOOK_SECRET": secret}
			args := []string{"--ledger", spec, "--tls-dir", dir, "--mender-server", ms.URL, "--webhook", rx.URL, "--retry-base", "20ms", "--retry-max", "200ms", "--delivery-timeout", "500ms"}
			p := startServe(t, env, args...)
			c := apiClient(t, filepath.Join(dir, "hwident-serve.crt"))
			for i := range n {
				if code, m := postBind(c, p.url, tok, fmt.Sprint("k", i), identityLines(i), fmt.Sprintf("PRD-%06d", i)); code != 201 {
					t.Fatalf("bind %d = %d %v", i, code, m)
				}
			}
			time.Sleep(300 * time.Millisecond)
			p.kill9()
			p = startServe(t, env, args...)
			up.Store(true)
			devIDs[n-1] = ms.ConnectDevice(map[string]any{"mac": deviceN(n - 1)[0].Value})
			ctx := context.Background()
			deadline := time.Now().Add(60 * time.Second)
			for {
				// The queue as serve shows it: empty when every attempt is
				// recorded (a delivery the killed serve made but did not
				// record is made again after its claim ends).
				done := true
				req, _ := http.NewRequest("GET", p.url+"/api/v1/replication", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				var q struct {
					Queues []struct {
						Target string `json:"target"`
						Depth  int    `json:"depth"`
					} `json:"queues"`
				}
				if resp, err := c.Do(req); err == nil {
					json.NewDecoder(resp.Body).Decode(&q)
					resp.Body.Close()
				}
				if len(q.Queues) != 2 {
					done = false
				}
				for _, x := range q.Queues {
					done = done && x.Depth == 0
				}
				for i, id := range devIDs {
					if ms.Tags(id)[replicate.TagProductSerial] != fmt.Sprintf("PRD-%06d", i) {
						done = false
					}
				}
				mu.Lock()
				if len(got) != n {
					done = false
				}
				mu.Unlock()
				if done {
					break
				}
				if time.Now().After(deadline) {
					tags := map[string]map[string]string{}
					for i, id := range devIDs {
						tags[fmt.Sprint(i, " ", id)] = ms.Tags(id)
					}
					t.Fatalf("not replicated: Mender tags %v, webhook got %v\n%s", tags, got, p.log())
				}
				time.Sleep(50 * time.Millisecond)
			}
			p.stop(t)
			st, err := openStore(ctx, spec)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			st.Export(ctx, func(ev store.Event) error {
				ds, _ := st.Deliveries(ctx, ev.ID)
				for _, d := range ds {
					if d.State != store.Delivered {
						t.Errorf("event %s to %s: %s", ev.ID, d.Target, d.State)
					}
				}
				if len(ds) != 2 {
					t.Errorf("event %s has %d deliveries, want 2", ev.ID, len(ds))
				}
				return nil
			})
		})
	}
}
