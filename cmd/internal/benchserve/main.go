// Command benchserve measures hwident serve (make bench-serve): a Go load
// generator against a real `hwident serve` process over TLS, with the file
// ledger and with a real PostgreSQL started in a temporary directory.
//
//  1. binds: -clients concurrent clients bind -binds distinct pairs
//     through the API; p50/p99 latency and throughput, for both stores;
//  2. lookups: find latency with -million bindings in PostgreSQL (loaded
//     with COPY, then looked up through the API);
//  3. cold start: serve's start-up time and RSS on a file ledger of
//     -million records.
//
// It prints one line per measurement. Speed is measured here, never
// asserted in tests.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hwident/hwident/cmd/internal/store/pgtest"
	"github.com/hwident/hwident/identity"
)

func main() {
	clients := flag.Int("clients", 50, "concurrent clients")
	binds := flag.Int("binds", 20000, "pairs to bind per store")
	million := flag.Int("million", 1000000, "bindings for the lookup and cold-start measurements")
	lookups := flag.Int("lookups", 5000, "lookups to time")
	rate := flag.Int("rate", 500, "binds per second offered in the open-loop measurement (0: skip it)")
	parts := flag.String("parts", "binds,lookups,cold", "what to measure (comma-separated)")
	stores := flag.String("stores", "file,postgres", "the stores the binds are measured on (comma-separated)")
	bin := flag.String("hwident", "", "the hwident binary (default: built into a temporary directory)")
	flag.Parse()
	b0 := &bench{rate: *rate, parts: map[string]bool{}}
	for _, p := range strings.Split(*parts, ",") {
		b0.parts[p] = true
	}
	for _, s := range strings.Split(*stores, ",") {
		b0.parts["store:"+s] = true
	}
	b := b0
	defer b.cleanup()
	if err := b.run(*bin, *clients, *binds, *million, *lookups); err != nil {
		b.cleanup()
		fmt.Fprintln(os.Stderr, "benchserve:", err)
		os.Exit(1)
	}
}

// bench implements pgtest.T for a program.
type bench struct {
	dirs     []string
	cleanups []func()
	bin      string
	rate     int
	parts    map[string]bool
}

func (b *bench) Helper()                           {}
func (b *bench) Fatal(args ...any)                 { panic(fmt.Sprint(args...)) }
func (b *bench) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (b *bench) Skip(args ...any)                  { panic("PostgreSQL is needed: " + fmt.Sprint(args...)) }
func (b *bench) Cleanup(f func())                  { b.cleanups = append(b.cleanups, f) }
func (b *bench) TempDir() string {
	d, err := os.MkdirTemp("", "hwident-bench-")
	if err != nil {
		panic(err)
	}
	b.dirs = append(b.dirs, d)
	return d
}

func (b *bench) cleanup() {
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
	b.cleanups = nil
	for _, d := range b.dirs {
		os.RemoveAll(d)
	}
	b.dirs = nil
}

func (b *bench) run(bin string, clients, binds, million, lookups int) error {
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "hwident")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/hwident")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build hwident: %w", err)
		}
	}
	b.bin = bin
	fmt.Printf("machine: %d CPUs (%s/%s); %d clients, %d binds per store, %d bindings for lookups and cold start\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, clients, binds, million)

	var pg *pgtest.Cluster
	if b.parts["binds"] || b.parts["lookups"] {
		pg = pgtest.StartDurable(b) // fsync on, as in production
	}
	if b.parts["binds"] && b.parts["store:file"] {
		fileDir := b.TempDir()
		if err := b.bindBench("file", filepath.Join(fileDir, "ledger.jsonl"), fileDir, clients, binds); err != nil {
			return err
		}
	}
	if b.parts["binds"] && b.parts["store:postgres"] {
		if err := b.bindBench("postgres", pg.DSN("bench"), b.TempDir(), clients, binds); err != nil {
			return err
		}
	}
	if b.parts["lookups"] {
		if err := b.lookupBench(pg.DSN("million"), clients, million, lookups); err != nil {
			return err
		}
	}
	if b.parts["cold"] {
		return b.coldStart(million)
	}
	return nil
}

// serveProc is a running serve.
type serveProc struct {
	cmd   *exec.Cmd
	url   string
	start time.Duration
}

var listening = regexp.MustCompile(`listening on (https?://\S+)`)

func (b *bench) serve(ledgerSpec, dir string) (*serveProc, error) {
	t0 := time.Now()
	cmd := exec.Command(b.bin, "serve", "--ledger", ledgerSpec, "--listen", "127.0.0.1:0", "--tls-dir", dir, "--log-format", "json")
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case u := <-urlc:
		p := &serveProc{cmd: cmd, url: u, start: time.Since(t0)}
		b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return p, nil
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		return nil, fmt.Errorf("serve did not start")
	}
}

func (b *bench) token(ledgerSpec string) (string, error) {
	if out, err := exec.Command(b.bin, "serve", "user", "add", "--ledger", ledgerSpec, "--role", "admin", "bench").CombinedOutput(); err != nil {
		return "", fmt.Errorf("user add: %v: %s", err, out)
	}
	out, err := exec.Command(b.bin, "serve", "token", "create", "--ledger", ledgerSpec, "--user", "bench").Output()
	if err != nil {
		return "", fmt.Errorf("token create: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func client(conns int) *http.Client {
	// The bench trusts the self-signed certificate it just made.
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
}

func device(i int) identity.Identity {
	return identity.Identity{{Key: "mac", Value: fmt.Sprintf("02:%02x:%02x:%02x:%02x:%02x", i>>32&0xff, i>>24&0xff, i>>16&0xff, i>>8&0xff, i&0xff)}}
}

func product(i int) string { return fmt.Sprintf("PRD-%08d", i) }

// timed runs n requests from clients goroutines and returns the latencies.
func timed(clients, n int, do func(i int) error) ([]time.Duration, time.Duration, error) {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	t0 := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				s := time.Now()
				if err := do(i); err != nil {
					firstErr.CompareAndSwap(nil, err)
				}
				lat[i] = time.Since(s)
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return nil, 0, err
	}
	return lat, time.Since(t0), nil
}

func pct(lat []time.Duration, p float64) time.Duration {
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func (b *bench) bindBench(name, ledgerSpec, dir string, clients, n int) error {
	tok, err := b.token(ledgerSpec)
	if err != nil {
		return err
	}
	p, err := b.serve(ledgerSpec, dir)
	if err != nil {
		return err
	}
	c := client(clients)
	bindOne := func(i int) error {
		body, _ := json.Marshal(map[string]string{"device": string(device(i).Mender()), "product": product(i)})
		req, _ := http.NewRequest("POST", p.url+"/api/v1/bindings", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", fmt.Sprint("bench-", i))
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 201 {
			return fmt.Errorf("bind %d: status %d", i, resp.StatusCode)
		}
		return nil
	}
	lat, total, err := timed(clients, n, bindOne)
	if err != nil {
		return err
	}
	fmt.Printf("binds %-8s %d pairs, %d clients as fast as they can: p50 %s, p99 %s, %.0f binds/s\n", name, n, clients, ms(pct(lat, .5)), ms(pct(lat, .99)), float64(n)/total.Seconds())
	if b.rate > 0 {
		m := b.rate * 10 // ten seconds
		lat, total, err := openLoop(clients, m, b.rate, func(i int) error { return bindOne(n + i) })
		if err != nil {
			return err
		}
		fmt.Printf("binds %-8s %d pairs offered at %d/s over %d clients: p50 %s, p99 %s (from the scheduled send), %.0f binds/s\n", name, m, b.rate, clients, ms(pct(lat, .5)), ms(pct(lat, .99)), float64(m)/total.Seconds())
	}
	return nil
}

// openLoop offers n requests at rate per second, whatever the answers'
// latency, from up to clients goroutines; a latency counts from when the
// request was due, so a stalled server is not hidden (no coordinated
// omission).
func openLoop(clients, n, rate int, do func(i int) error) ([]time.Duration, time.Duration, error) {
	lat := make([]time.Duration, n)
	type job struct {
		i   int
		due time.Time
	}
	jobs := make(chan job, n)
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if d := time.Until(j.due); d > 0 {
					time.Sleep(d)
				}
				if err := do(j.i); err != nil {
					firstErr.CompareAndSwap(nil, err)
				}
				lat[j.i] = time.Since(j.due)
			}
		}()
	}
	t0 := time.Now()
	interval := time.Second / time.Duration(rate)
	for i := range n {
		jobs <- job{i: i, due: t0.Add(time.Duration(i) * interval)}
	}
	close(jobs)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return nil, 0, err
	}
	return lat, time.Since(t0), nil
}

// lookupBench loads million bindings into a fresh database with COPY (the
// API would take long to make them) and times finds through the API.
func (b *bench) lookupBench(dsn string, clients, million, lookups int) error {
	tok, err := b.token(dsn) // also applies the migrations
	if err != nil {
		return err
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	t0 := time.Now()
	at := time.Now().UTC()
	rows := make([][]any, 0, 10000)
	flush := func() error {
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"events"}, []string{"event_id", "kind", "product", "device_hash", "device", "at", "by_user", "station"}, pgx.CopyFromRows(rows))
		rows = rows[:0]
		return err
	}
	for i := range million {
		d := device(1<<30 + i)
		attrs, _ := json.Marshal([]map[string]string{{"key": d[0].Key, "value": d[0].Value}})
		rows = append(rows, []any{fmt.Sprintf("00000000-0000-4000-8000-%012x", i), "bind", product(1<<30 + i), d.ID(), string(attrs), at, "bench", "bench"})
		if len(rows) == cap(rows) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `INSERT INTO bindings (product, device_hash, event_seq) SELECT product, device_hash, seq FROM events WHERE kind = 'bind'; ANALYZE`); err != nil {
		return err
	}
	fmt.Printf("loaded %d bindings into PostgreSQL in %.1f s (COPY)\n", million, time.Since(t0).Seconds())
	p, err := b.serve(dsn, b.TempDir())
	if err != nil {
		return err
	}
	c := client(clients)
	for _, conc := range []int{1, clients} {
		lat, total, err := timed(conc, lookups, func(int) error {
			i := rand.IntN(million)
			req, _ := http.NewRequest("GET", p.url+"/api/v1/bindings/find?q="+product(1<<30+i), nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := c.Do(req)
			if err != nil {
				return err
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return fmt.Errorf("find: status %d", resp.StatusCode)
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Printf("lookups postgres %d bindings, %d clients: p50 %s, p99 %s, %.0f lookups/s\n", million, conc, ms(pct(lat, .5)), ms(pct(lat, .99)), float64(lookups)/total.Seconds())
	}
	return nil
}

// coldStart writes a file ledger of n records and times serve's start on it.
func (b *bench) coldStart(n int) error {
	dir := b.TempDir()
	name := filepath.Join(dir, "ledger.jsonl")
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	at := time.Now().UTC().Truncate(time.Millisecond)
	for i := range n {
		d := device(1<<31 + i)
		// The ledger's line format (cmd/internal/ledger, record.go).
		line, _ := json.Marshal(map[string]any{"time": at, "event": "bind", "station": "bench", "operator": "bench",
			"product_serial": product(1<<31 + i), "identity": []map[string]string{{"key": d[0].Key, "value": d[0].Value}}, "identity_hash": d.ID()})
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fi, _ := os.Stat(name)
	p, err := b.serve(name, dir)
	if err != nil {
		return err
	}
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	rss := "?"
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			rss = strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	// The CPU time (both cores) says what the wall time means on a
	// machine shared with other work: serve is idle once listening.
	p.cmd.Process.Kill()
	p.cmd.Wait()
	cpu := p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime()
	fmt.Printf("cold start file ledger %d records (%d MB): serve listening after %.2f s (%.2f s of CPU), peak RSS %s\n", n, fi.Size()>>20, p.start.Seconds(), cpu.Seconds(), rss)
	return nil
}
