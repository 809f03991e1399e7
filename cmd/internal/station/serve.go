package station

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/framescan"
	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/cmd/internal/replicate"
	"github.com/hwident/hwident/cmd/internal/server"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/webui"
)

const serveHelp = `serve runs the provisioning service: the JSON API of docs/api.md, the
installer's page, and replication of every binding event to Mender and
webhooks. Without --tls-cert/--tls-key it makes a self-signed certificate
once (kept in --tls-dir) and prints its fingerprint. See docs/provisioning.md.
Secrets come from the environment or files, never from the command line:
$HWIDENT_MENDER_TOKEN (or --mender-token-file), $HWIDENT_WEBHOOK_SECRET
(or --webhook-secret-file).
`

const webhookSecretEnv = "HWIDENT_WEBHOOK_SECRET"

// repeated is a flag given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

// openStore opens a file ledger or, for a postgres:// URL, the database.
func openStore(ctx context.Context, spec string) (store.Store, error) {
	if strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://") {
		return store.OpenPostgres(ctx, spec)
	}
	return store.OpenFile(spec)
}

// readSecret reads a secret from a file (bounded, trailing newline cut) or
// from an environment variable.
func (a *app) readSecret(file, env string) (string, error) {
	if file == "" {
		return a.Getenv(env), nil
	}
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s: not a regular file", file)
	}
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	return strings.TrimRight(string(b), "\r\n"), err
}

func (a *app) serve(f *cli.Flags) error {
	ledgerSpec := f.String("ledger", "", "the ledger: a `FILE` (JSON lines) or a postgres:// URL (required)")
	listen := f.String("listen", "127.0.0.1:8443", "`ADDR` to listen on (host:port)")
	certFile := f.String("tls-cert", "", "TLS certificate `FILE` (PEM, with the chain), e.g. from the factory's CA")
	keyFile := f.String("tls-key", "", "TLS private key `FILE` (PEM)")
	tlsDir := f.String("tls-dir", "", "`DIR` for the self-signed certificate (default: the ledger file's directory, or the current one)")
	plain := f.Bool("plain-http", false, "serve plain HTTP (only on a loopback address, e.g. behind a local TLS proxy)")
	station := f.String("station", "", "station `ID` recorded with each event (default: serve@HOST)")
	pattern := f.String("product-pattern", defaultProductPattern, "`REGEX` a product serial matches in full (case-insensitive)")
	menderServer := f.String("mender-server", "", "replicate bindings to this Mender server `URL`")
	menderTokenFile := f.String("mender-token-file", "", "`FILE` holding the Mender personal access token (default $"+tokenEnv+")")
	var webhooks repeated
	f.Var(&webhooks, "webhook", "POST every event to this `URL` (repeatable)")
	secretFile := f.String("webhook-secret-file", "", "`FILE` holding the webhooks' HMAC secret (default $"+webhookSecretEnv+")")
	logFormat := f.String("log-format", "json", "log `FORMAT` on stderr: json or text")
	retryBase := f.Duration("retry-base", replicate.DefaultBackoff.Base, "first pause `D` before retrying a failed delivery (doubled each time, jittered)")
	deliveryTimeout := f.Duration("delivery-timeout", 30*time.Second, "give up one delivery attempt after `D` (it is retried)")
	retryMax := f.Duration("retry-max", replicate.DefaultBackoff.Max, "longest pause `D` between delivery retries")
	if err := f.Parse(); err != nil {
		return err
	}
	switch {
	case len(f.Args()) > 0:
		return cli.Usagef("serve takes no arguments, got %q", f.Args())
	case *ledgerSpec == "":
		return cli.Usagef("serve needs --ledger FILE or --ledger postgres://…")
	case (*certFile == "") != (*keyFile == ""):
		return cli.Usagef("give both --tls-cert and --tls-key, or neither")
	case *plain && !server.IsLoopback(*listen):
		return cli.Usagef("--plain-http only on a loopback address (127.0.0.1, ::1, localhost), not %q: TLS is required on the network", *listen)
	case *plain && *certFile != "":
		return cli.Usagef("--plain-http with --tls-cert: choose one")
	case *deliveryTimeout <= 0:
		return cli.Usagef("--delivery-timeout must be positive")
	case *retryBase <= 0 || *retryMax < *retryBase:
		return cli.Usagef("--retry-base must be positive and at most --retry-max")
	case *logFormat != "json" && *logFormat != "text":
		return cli.Usagef("unknown --log-format %q: use json or text", *logFormat)
	}
	fl := &bindFlags{Flags: f, pattern: pattern}
	classify, err := fl.classifier()
	if err != nil {
		return err
	}
	if *station == "" {
		host, _ := os.Hostname()
		*station = "serve@" + host
	}
	var log *slog.Logger
	if *logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(a.Stderr, nil))
	} else {
		log = slog.New(slog.NewTextHandler(a.Stderr, nil))
	}
	var targets []replicate.Target
	if *menderServer != "" {
		tok, err := a.readSecret(*menderTokenFile, tokenEnv)
		if err != nil {
			return fmt.Errorf("mender token: %w", err)
		}
		if tok == "" {
			return cli.Usagef("--mender-server needs a token: $%s or --mender-token-file", tokenEnv)
		}
		targets = append(targets, &replicate.Mender{Client: menderapi.New(*menderServer, tok)})
	}
	if len(webhooks) > 0 {
		secret, err := a.readSecret(*secretFile, webhookSecretEnv)
		if err != nil {
			return fmt.Errorf("webhook secret: %w", err)
		}
		if len(secret) < 16 {
			return cli.Usagef("--webhook needs a shared secret of at least 16 bytes: $%s or --webhook-secret-file", webhookSecretEnv)
		}
		for _, u := range webhooks {
			if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				return cli.Usagef("--webhook %q: give an http(s) URL", u)
			}
			targets = append(targets, &replicate.Webhook{URL: u, Secret: []byte(secret), HTTP: &http.Client{Timeout: 30 * time.Second}})
		}
	}

	var cert *tls.Certificate
	if !*plain {
		dir := *tlsDir
		if dir == "" && !strings.Contains(*ledgerSpec, "://") {
			dir = filepath.Dir(*ledgerSpec)
		}
		if dir == "" {
			dir = "."
		}
		cf, kf := *certFile, *keyFile
		if cf == "" {
			cf, kf = filepath.Join(dir, "hwident-serve.crt"), filepath.Join(dir, "hwident-serve.key")
		}
		host, _, _ := net.SplitHostPort(*listen)
		hostname, _ := os.Hostname()
		c, fp, created, err := server.LoadOrCreateCert(cf, kf, []string{host, hostname})
		if err != nil {
			return err
		}
		cert = &c
		what := "certificate"
		if created {
			what = "new self-signed certificate " + cf
		} else if *certFile == "" {
			what = "self-signed certificate " + cf
		}
		fmt.Fprintf(a.Stderr, "hwident serve: TLS %s, SHA-256 fingerprint %s\n", what, fp)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := openStore(ctx, *ledgerSpec)
	if err != nil {
		return err
	}
	defer st.Close()
	if fs, ok := st.(*store.File); ok {
		a.warnDamage(*ledgerSpec, fs.Damage())
		// Opens (and locks) the outbox now: a second serve on the same
		// file fails here rather than at its first request.
		if _, err := fs.Queue(ctx); err != nil {
			return err
		}
	}
	// Register the targets before the first request: an event recorded
	// before its target is registered gets no outbox entry for it.
	for _, t := range targets {
		if err := st.RegisterTarget(ctx, t.Name()); err != nil {
			return fmt.Errorf("register replication target %s: %w", t.Name(), err)
		}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	// Each worker is woken when the API records an event (events of CLI
	// stations are found by polling).
	wakes := make([]chan struct{}, len(targets))
	for i := range wakes {
		wakes[i] = make(chan struct{}, 1)
	}
	wake := func() {
		for _, c := range wakes {
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
	srv := server.New(server.Options{Store: st, Classifier: classify, Logger: log, Station: *station, TLS: cert != nil,
		Page: webui.Handler(), FrameDecoder: framescan.Handler(), Recorded: wake})
	scheme := "https"
	if cert == nil {
		scheme = "http"
	}
	fmt.Fprintf(a.Stderr, "hwident serve: listening on %s://%s\n", scheme, ln.Addr())

	wctx, wcancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var werr error
	var werrOnce sync.Once
	for i, t := range targets {
		w := &replicate.Worker{Outbox: st, Target: t, Log: log, Backoff: replicate.Backoff{Base: *retryBase, Max: *retryMax}, Timeout: *deliveryTimeout, Wake: wakes[i]}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Run(wctx); err != nil && !errors.Is(err, context.Canceled) {
				werrOnce.Do(func() { werr = fmt.Errorf("replication to %s: %w", t.Name(), err) })
				stop()
			}
		}()
	}
	if len(targets) > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); logQueue(wctx, st, log) }()
	}
	err = srv.Run(ctx, ln, cert)
	wcancel() // after the last request: an in-flight delivery is retried after restart
	wg.Wait()
	log.Info("stopped")
	if err == nil {
		err = werr
	}
	return err
}

// logQueue logs the replication queue at start and every minute while
// something waits (also at GET /api/v1/replication and in /metrics).
func logQueue(ctx context.Context, st store.Store, log *slog.Logger) {
	for first := true; ; first = false {
		if qs, err := st.Queue(ctx); err == nil {
			for _, q := range qs {
				if first || q.Depth > 0 {
					attrs := []any{"target", q.Target, "depth", q.Depth}
					if q.Depth > 0 {
						attrs = append(attrs, "oldest", q.Oldest)
					}
					log.Info("replication queue", attrs...)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}
