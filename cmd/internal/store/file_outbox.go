package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"syscall"
	"time"
)

// fileOutbox keeps the replication state of a file ledger. The ledger
// itself is the outbox (an event is durable once appended, whoever
// appended it); this JSON-lines file records which target was registered
// at which ledger position and every delivery outcome. Losing its last
// line in a crash means one more delivery, never a lost one. It is
// locked exclusively: one serve process per file ledger.
type fileOutbox struct {
	f       *os.File
	ledger  *File
	targets map[string]*fileTarget
}

type fileTarget struct {
	start int                 // events with Seq > start are delivered to it
	done  int                 // every event with Seq <= done is delivered or failed
	state map[int64]*Delivery // by Seq, for events attempted and not final
	final map[int64]State
	// keys of events Due read and that are not final: an event waiting
	// for its next attempt is not read from the ledger again and again.
	keys map[int64][]string
}

type outboxLine struct {
	Target      string    `json:"target"`
	Start       *int      `json:"registered_after_seq,omitempty"`
	Seq         int64     `json:"seq,omitempty"`
	EventID     string    `json:"event_id,omitempty"`
	State       State     `json:"state,omitempty"`
	Attempts    int       `json:"attempts,omitempty"`
	Error       string    `json:"error,omitempty"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
}

func openFileOutbox(name string, l *File) (*fileOutbox, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("outbox %s is in use by another hwident serve: one serve per file ledger (use PostgreSQL for several): %w", name, err)
	}
	o := &fileOutbox{f: f, ledger: l, targets: map[string]*fileTarget{}}
	sc := bufio.NewScanner(io.LimitReader(f, 1<<34))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		var ln outboxLine
		if json.Unmarshal(sc.Bytes(), &ln) != nil || ln.Target == "" {
			continue // a line cut by a crash: its delivery is repeated
		}
		o.apply(ln)
	}
	if err := sc.Err(); err != nil {
		f.Close()
		return nil, fmt.Errorf("read outbox %s: %w", name, err)
	}
	return o, nil
}

func (o *fileOutbox) apply(ln outboxLine) {
	t := o.targets[ln.Target]
	if ln.Start != nil {
		if t == nil {
			o.targets[ln.Target] = &fileTarget{start: *ln.Start, done: *ln.Start, state: map[int64]*Delivery{}, final: map[int64]State{}, keys: map[int64][]string{}}
		}
		return
	}
	if t == nil || ln.Seq <= int64(t.done) {
		return
	}
	if ln.State == Delivered || ln.State == Failed {
		delete(t.state, ln.Seq)
		delete(t.keys, ln.Seq)
		t.final[ln.Seq] = ln.State
		for t.final[int64(t.done+1)] != "" {
			t.done++
			if t.final[int64(t.done)] == Delivered {
				delete(t.final, int64(t.done)) // failed ones stay to be shown
			}
		}
		return
	}
	t.state[ln.Seq] = &Delivery{EventID: ln.EventID, Target: ln.Target, State: Pending, Attempts: ln.Attempts, LastError: ln.Error, NextAttempt: ln.NextAttempt}
}

func (o *fileOutbox) write(ln outboxLine) error {
	b, err := json.Marshal(ln)
	if err != nil {
		return err
	}
	if _, err := o.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write outbox: %w", err)
	}
	if err := o.f.Sync(); err != nil {
		return fmt.Errorf("sync outbox: %w", err)
	}
	o.apply(ln)
	return nil
}

func (o *fileOutbox) close() error { return o.f.Close() }

// openOutbox opens the outbox on first use. Call it locked.
func (f *File) openOutbox() error {
	if f.outbox != nil {
		return nil
	}
	o, err := openFileOutbox(f.name+".outbox", f)
	if err != nil {
		return err
	}
	f.outbox = o
	return nil
}

func (f *File) RegisterTarget(_ context.Context, target string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.openOutbox(); err != nil {
		return err
	}
	if f.outbox.targets[target] != nil {
		return nil
	}
	if err := f.refresh(); err != nil {
		return err
	}
	start := f.seen()
	return f.outbox.write(outboxLine{Target: target, Start: &start})
}

// Due needs no lease: one serve owns a file ledger's outbox.
func (f *File) Due(_ context.Context, target string, now time.Time, limit int, _ time.Duration) ([]DueEvent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.openOutbox(); err != nil {
		return nil, err
	}
	t := f.outbox.targets[target]
	if t == nil {
		return nil, fmt.Errorf("replication target %s is not registered", target)
	}
	if err := f.refresh(); err != nil {
		return nil, err
	}
	// An event waits while an earlier event about the same product or
	// device is pending, as in the PostgreSQL store.
	var out []DueEvent
	blocked := map[string]bool{}
	for seq := int64(t.done + 1); seq <= int64(f.seen()) && len(out) < limit; seq++ {
		if t.final[seq] != "" {
			continue
		}
		var ev Event
		keys, known := t.keys[seq]
		if !known {
			var err error
			if ev, err = f.event(int(seq - 1)); err != nil {
				return nil, err
			}
			keys = eventKeys(ev)
			t.keys[seq] = keys
		}
		wait := false
		for _, k := range keys {
			wait = wait || blocked[k]
			blocked[k] = true
		}
		d := Delivery{Target: target, State: Pending}
		if cur := t.state[seq]; cur != nil {
			wait = wait || cur.NextAttempt.After(now)
			d = *cur
		}
		if wait {
			continue
		}
		if known {
			var err error
			if ev, err = f.event(int(seq - 1)); err != nil {
				return nil, err
			}
		}
		d.EventID = ev.ID
		out = append(out, DueEvent{Event: ev, Delivery: d})
	}
	return out, nil
}

func (f *File) RecordAttempt(_ context.Context, a Attempt) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.openOutbox(); err != nil {
		return err
	}
	t := f.outbox.targets[a.Target]
	if t == nil {
		return fmt.Errorf("replication target %s is not registered", a.Target)
	}
	seq, err := f.seqOf(a.EventID, t)
	if err != nil {
		return err
	}
	attempts := 1
	if cur := t.state[seq]; cur != nil {
		attempts = cur.Attempts + 1
	}
	return f.outbox.write(outboxLine{Target: a.Target, Seq: seq, EventID: a.EventID, State: a.State, Attempts: attempts, Error: a.Error, NextAttempt: a.NextAttempt})
}

// seqOf finds an event that is not final for t by its id.
func (f *File) seqOf(id string, t *fileTarget) (int64, error) {
	seq, err := f.seqOfID(id)
	if err != nil {
		return 0, err
	}
	if seq <= int64(t.done) {
		return 0, fmt.Errorf("event %s: %w in the outbox of %s", id, ErrNotFound, "target")
	}
	return seq, nil
}

func (f *File) Deliveries(_ context.Context, id string) ([]Delivery, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.openOutbox(); err != nil {
		return nil, err
	}
	seq, err := f.seqOfID(id)
	if seq == 0 || err != nil {
		return nil, err
	}
	var out []Delivery
	for name, t := range f.outbox.targets {
		if seq <= int64(t.start) {
			continue
		}
		d := Delivery{EventID: id, Target: name, State: Pending}
		switch {
		case t.final[seq] != "":
			d.State = t.final[seq]
		case seq <= int64(t.done):
			d.State = Delivered
		case t.state[seq] != nil:
			d = *t.state[seq]
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Target < out[j].Target })
	return out, nil
}

func (f *File) Queue(_ context.Context) ([]QueueStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.openOutbox(); err != nil {
		return nil, err
	}
	if err := f.refresh(); err != nil {
		return nil, err
	}
	var out []QueueStats
	for name, t := range f.outbox.targets {
		q := QueueStats{Target: name}
		for seq := int64(t.done + 1); seq <= int64(f.seen()); seq++ {
			if t.final[seq] == "" {
				if q.Depth == 0 {
					ev, err := f.event(int(seq - 1))
					if err != nil {
						return nil, err
					}
					q.Oldest = ev.At
				}
				q.Depth++
			}
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Target < out[j].Target })
	return out, nil
}

// eventKeys are the products and devices an event is about.
func eventKeys(ev Event) []string {
	keys := []string{"p:" + ev.Product, "d:" + ev.Device.ID()}
	if ev.PreviousProduct != "" {
		keys = append(keys, "p:"+ev.PreviousProduct)
	}
	if len(ev.PreviousDevice) > 0 {
		keys = append(keys, "d:"+ev.PreviousDevice.ID())
	}
	return keys
}
