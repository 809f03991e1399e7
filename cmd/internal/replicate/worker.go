// Package replicate delivers ledger events from the store's outbox to the
// services that must know the bindings: Mender's inventory and webhooks.
// Delivery is at least once: an event is marked delivered only after the
// target confirmed it, failures are retried with exponential backoff and
// jitter, and the outcome of every attempt is recorded in the store, so a
// restart resumes where it stopped. Targets make delivery idempotent (the
// Mender target writes the final state; webhook receivers deduplicate on
// the event id).
package replicate

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/hwident/hwident/cmd/internal/store"
)

// Target is a service events are delivered to.
type Target interface {
	// Name identifies the target in the outbox ("mender", "webhook:URL").
	Name() string
	// Deliver applies one event; an error wrapping ErrPermanent is not
	// retried, any other is.
	Deliver(ctx context.Context, ev store.Event) error
}

// ErrPermanent marks a failure that no retry can fix (the event is
// recorded as failed and shown to the operator).
var ErrPermanent = errors.New("permanent failure")

// Backoff is the retry schedule: Base doubled per attempt up to Max, each
// pause drawn uniformly from its upper half (jitter), so many pending
// events do not retry in lockstep.
type Backoff struct {
	Base, Max time.Duration
}

// DefaultBackoff retries after about 1 s, 2 s, 4 s … up to 10 minutes.
var DefaultBackoff = Backoff{Base: time.Second, Max: 10 * time.Minute}

// Delay returns the pause before attempt n+1 after n failed attempts.
func (b Backoff) Delay(n int, rnd func() float64) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	return d/2 + time.Duration(rnd()*float64(d/2))
}

// Worker delivers one target's queue.
type Worker struct {
	Outbox  store.Outbox
	Target  Target
	Log     *slog.Logger
	Backoff Backoff
	Poll    time.Duration // how often to look for due events when idle (default 500 ms)
	Timeout time.Duration // per delivery (default 30 s)
	Batch   int           // events per round (default 10)
	// Wake, when not nil, makes the worker look at once (a new event).
	Wake <-chan struct{}
}

// Run delivers until ctx is done. The store being unavailable is retried.
func (w *Worker) Run(ctx context.Context) error {
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	if w.Backoff == (Backoff{}) {
		w.Backoff = DefaultBackoff
	}
	poll := w.Poll
	if poll == 0 {
		poll = 500 * time.Millisecond
	}
	name := w.Target.Name()
	if err := w.register(ctx, name, poll); err != nil {
		return err
	}
	for {
		n, err := w.round(ctx, name)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.Log.Warn("replication: outbox unavailable", "target", name, "error", err)
		}
		if n > 0 && err == nil {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(poll):
		case <-w.Wake:
		}
	}
}

func (w *Worker) register(ctx context.Context, name string, poll time.Duration) error {
	for {
		err := w.Outbox.RegisterTarget(ctx, name)
		if err == nil || !errors.Is(err, store.ErrUnavailable) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// round delivers the events due now; it returns how many it attempted.
func (w *Worker) round(ctx context.Context, name string) (int, error) {
	batch := w.Batch
	if batch == 0 {
		batch = 10
	}
	timeout := w.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	// The claim covers the batch delivered one after the other: a worker
	// that dies leaves its events to others (or to its restart) after that.
	lease := time.Duration(batch+1) * timeout
	due, err := w.Outbox.Due(ctx, name, time.Now(), batch, lease)
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		dctx, cancel := context.WithTimeout(ctx, timeout)
		derr := w.Target.Deliver(dctx, d.Event)
		cancel()
		if ctx.Err() != nil {
			return 0, nil // shutting down: the attempt is retried after restart
		}
		a := store.Attempt{EventID: d.Event.ID, Target: name, State: store.Delivered}
		switch {
		case derr == nil:
			w.Log.Info("replicated", "target", name, "event_id", d.Event.ID, "event", d.Event.Kind, "product", d.Event.Product, "attempts", d.Delivery.Attempts+1)
		case errors.Is(derr, ErrPermanent):
			a.State, a.Error = store.Failed, derr.Error()
			w.Log.Error("replication failed for good", "target", name, "event_id", d.Event.ID, "error", derr)
		default:
			a.State, a.Error = store.Pending, derr.Error()
			a.NextAttempt = time.Now().Add(w.Backoff.Delay(d.Delivery.Attempts+1, rand.Float64))
			w.Log.Warn("replication retry", "target", name, "event_id", d.Event.ID, "attempts", d.Delivery.Attempts+1, "next", a.NextAttempt, "error", derr)
		}
		if err := w.Outbox.RecordAttempt(ctx, a); err != nil {
			// Not recorded: the event stays due and is delivered again,
			// which the targets tolerate (at least once).
			return 0, err
		}
	}
	return len(due), nil
}
