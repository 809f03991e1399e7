package station

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/scan"
)

// binder records a pair: a store (file ledger, PostgreSQL) or the service
// (--server).
type binder interface {
	Bind(ctx context.Context, req store.BindRequest) (store.Result, error)
}

// station is one bind session: it pairs device and product scans and
// records each pair in the ledger.
type station struct {
	a        *app
	ledger   binder
	classify scan.Classifier
	req      store.BindRequest // station, operator, replace; the pair is filled in per bind
	tty      bool              // stdin is a terminal: prompt and bell

	pending     *scan.Result // the first half of a pair
	pendingSeen time.Time
	last        string // the last accepted scan, to ignore a repeat
	scans       int
	rejected    int
}

func (a *app) bindStation(fs *cli.Flags) error {
	f := newBindFlags(fs, true)
	f.server = f.String("server", "", "bind through hwident serve at `URL` (token in $"+serviceTokenEnv+"), instead of --ledger")
	serverCA := f.String("server-ca", "", "PEM `FILE` of the CA (or the self-signed certificate) the --server certificate must chain to (default: the system's)")
	timeout := f.Duration("pair-timeout", 30*time.Second, "drop a half pair when its partner is not scanned within `D` (0: never)")
	replace := f.Bool("replace", false, "allow rebinding a product or device that is bound elsewhere (a module swap); the previous partner is recorded")
	if err := f.parse(a); err != nil {
		return err
	}
	if len(f.Args()) > 0 {
		return cli.Usagef("bind takes no arguments, got %q (subcommands: status, export, unbind, verify, repair)", f.Args())
	}
	if *timeout < 0 {
		return cli.Usagef("--pair-timeout %s: want a duration of 0 (never) or more", *timeout)
	}
	classify, err := f.classifier()
	if err != nil {
		return err
	}
	b, closeFn, err := a.openBinder(*f.ledger, *f.server, *serverCA)
	if err != nil {
		return err
	}
	defer closeFn()
	s := &station{a: a, ledger: b, classify: classify, req: store.BindRequest{Station: *f.station, By: *f.operator, Replace: *replace}}
	in, isTTY := a.Stdin.(*os.File)
	s.tty = isTTY && isTerminal(in.Fd())
	if s.tty {
		restore, err := setScanMode(in.Fd())
		if err != nil {
			return err
		}
		defer restore()
	}
	return s.run(*timeout)
}

// run reads scans until the input ends. Scans arrive from a goroutine so
// the pair timeout fires while stdin blocks.
func (s *station) run(timeout time.Duration) error {
	scans := make(chan scanLine)
	readErr := make(chan error, 1)
	go readScans(s.a.Stdin, s.tty, scans, readErr)
	var interrupt chan os.Signal
	if s.tty {
		interrupt = make(chan os.Signal, 1)
		signal.Notify(interrupt, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		defer signal.Stop(interrupt)
	}
	var expire <-chan time.Time
	for {
		s.prompt()
		select {
		case line, ok := <-scans:
			if !ok {
				return s.finish(<-readErr)
			}
			if s.tty && line.term == '\t' {
				fmt.Fprintln(s.a.Stderr) // a TAB leaves the cursor on the scan's line
			}
			if line.tooLong > 0 {
				s.handleTooLong(line)
			} else {
				s.handle(line.text)
			}
			expire = nil
			if s.pending != nil && timeout > 0 {
				expire = time.After(timeout - time.Since(s.pendingSeen))
			}
		case <-expire:
			expire = nil
			if s.tty {
				fmt.Fprintln(s.a.Stderr) // off the prompt's line
			}
			s.reject("dropped %s: its partner was not scanned within %s", s.describePending(), timeout)
			s.pending, s.last = nil, ""
		case <-interrupt:
			fmt.Fprintln(s.a.Stderr)
			if s.pending != nil {
				s.reject("dropped %s: interrupted", s.describePending())
			}
			return errors.New("interrupted")
		}
	}
}

// handle classifies one scan and completes a pair when it can.
func (s *station) handle(raw string) {
	text := strings.TrimSpace(raw)
	if text == "" {
		return
	}
	s.scans++
	if strings.EqualFold(text, s.last) {
		return // the scanner fired twice, or the operator scanned again
	}
	sc, err := s.classify.Classify(text)
	if err != nil {
		s.reject("rejected scan: %v", err)
		return
	}
	s.last = text
	switch {
	case s.pending == nil:
		s.pending, s.pendingSeen = &sc, time.Now()
	case s.pending.Kind == sc.Kind:
		s.reject("dropped %s: another %s was scanned; keeping the new one", s.describePending(), kindName(sc.Kind))
		s.pending, s.pendingSeen = &sc, time.Now()
	default:
		dev, prod := *s.pending, sc
		if sc.Kind == scan.DeviceLabel {
			dev, prod = sc, *s.pending
		}
		s.pending = nil
		s.bind(prod, dev.Device)
	}
}

// handleTooLong rejects a scan longer than maxScan. Its half pair is
// dropped too: the lost scan may have been its partner, and pairing it
// with the next scan could bind the wrong two.
func (s *station) handleTooLong(line scanLine) {
	s.scans++
	s.reject("rejected scan: %d bytes, longer than %d (starts %s); check the scanner's settings", line.tooLong, maxScan, identity.Quote(line.text))
	if s.pending != nil {
		s.reject("dropped %s: the scan after it was rejected; scan the pair again", s.describePending())
	}
	s.pending, s.last = nil, ""
}

// bind records one pair and confirms it on stdout.
func (s *station) bind(prod scan.Result, dev identity.Identity) {
	req := s.req
	req.Product, req.GTIN, req.Device = prod.Product, prod.GTIN, dev
	res, err := s.ledger.Bind(context.Background(), req)
	if err != nil {
		s.last = "" // scanning the same item again is a new attempt
	}
	var conflict *store.ConflictError
	switch {
	case err == nil && res.Outcome == store.AlreadyBound:
		fmt.Fprintf(s.a.Stderr, "hwident: %s is already bound to %s: nothing recorded\n", prod.Product, describeDevice(dev))
		return
	case errors.As(err, &conflict):
		s.reject("refused: %v; restart bind with --replace to record a module swap", err)
		return
	case err != nil:
		s.reject("not confirmed: %v", err)
		return
	}
	rec := res.Event
	msg := fmt.Sprintf("bound %s to %s", rec.Product, describeDevice(rec.Device))
	if len(rec.PreviousDevice) > 0 {
		msg += ", replacing " + describeDevice(rec.PreviousDevice)
	}
	if rec.PreviousProduct != "" {
		msg += ", taken from product " + rec.PreviousProduct
	}
	fmt.Fprintln(s.a.Stdout, msg)
}

// reject reports a refused scan or pair in one line, with a bell on a terminal.
func (s *station) reject(format string, args ...any) {
	s.rejected++
	bell := ""
	if s.tty {
		bell = "\a"
	}
	fmt.Fprintf(s.a.Stderr, "hwident: %s%s\n", fmt.Sprintf(format, args...), bell)
}

func (s *station) prompt() {
	if !s.tty {
		return
	}
	switch {
	case s.pending == nil:
		fmt.Fprint(s.a.Stderr, "scan a device label or a product serial> ")
	case s.pending.Kind == scan.DeviceLabel:
		fmt.Fprintf(s.a.Stderr, "scan the product serial for device %s> ", s.pending.Device.ID()[:12])
	default:
		fmt.Fprintf(s.a.Stderr, "scan the device label for product %s> ", s.pending.Product)
	}
}

// finish ends the session: a half pair left over and rejected scans make
// the exit status non-zero, so a scripted batch notices.
func (s *station) finish(readErr error) error {
	if s.tty {
		fmt.Fprintln(s.a.Stderr)
	}
	if readErr != nil {
		return fmt.Errorf("read scans: %w", readErr)
	}
	if s.pending != nil {
		s.reject("dropped %s: the input ended before its partner was scanned", s.describePending())
	}
	if s.rejected > 0 {
		return fmt.Errorf("%d problems in %d scans (see the messages above)", s.rejected, s.scans)
	}
	return nil
}

func (s *station) describePending() string {
	if s.pending.Kind == scan.DeviceLabel {
		return "unpaired " + describeDevice(s.pending.Device)
	}
	return "unpaired product " + s.pending.Product
}

func kindName(k scan.Kind) string {
	if k == scan.DeviceLabel {
		return "device label"
	}
	return "product serial"
}
