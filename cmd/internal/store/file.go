package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/hwident/hwident/cmd/internal/ledger"
)

// File is the store over a ledger file. It keeps the folded bindings and
// the ledger's index of the events in memory (ledger.OpenFolded: no
// record itself) and reads only what other processes appended since
// (ledger.Ledger.Refresh), so lookups do not grow with the ledger; an
// event is read back from the file when asked for. Replication outcomes
// and users live in files next to the ledger (NAME.outbox, NAME.users.json).
type File struct {
	mu       sync.Mutex
	name     string
	l        *ledger.Ledger
	outbox   *fileOutbox // opened by the first use: a CLI station never locks it
	users    *fileUsers
	sessions memSessions // one serve owns a file ledger: in memory
	logins   memLoginFailures
}

// OpenFile opens (creating) the ledger file and its side files.
func OpenFile(name string) (*File, error) {
	l, err := ledger.OpenFolded(name)
	if err != nil {
		return nil, err
	}
	return &File{name: name, l: l, users: &fileUsers{name: name + ".users.json"}}, nil
}

// Damage is what the ledger reported as damaged lines (shown by the caller).
func (f *File) Damage() *ledger.State { return f.l.State() }

// seen is the number of events.
func (f *File) seen() int { return f.l.State().Len() }

// event reads event i (from 0) back from the file.
func (f *File) event(i int) (Event, error) {
	r, err := f.l.Record(i)
	if err != nil {
		return Event{}, err
	}
	return eventOf(i, r), nil
}

// eventOf converts record i.
func eventOf(i int, r ledger.Record) Event {
	return Event{ID: fileEventID(i+1, r), Seq: int64(i + 1), Kind: Kind(r.Event), Product: r.Product, GTIN: r.GTIN, Device: r.Device,
		PreviousDevice: r.PreviousDevice, PreviousProduct: r.PreviousProduct, At: r.Time, By: r.Operator, Station: r.Station,
		Reason: r.Reason, IdempotencyKey: r.IdempotencyKey}
}

// fileEventID derives a stable UUID-shaped event id from the record's
// position and content (a ledger line has no id of its own): the first 48
// bits are the position, so the id leads back to its record, the rest a
// hash of the record. `ledger import` keeps it, so receivers deduplicate
// across the move.
func fileEventID(seq int, r ledger.Record) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(seq) + "\x00" + r.Time.UTC().Format(time.RFC3339Nano) + "\x00" + string(r.Event) + "\x00" + r.Product + "\x00" + r.DeviceHash()))
	sum[6] = sum[6]&0x0f | 0x80 // UUID version 8 (custom)
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("%08x-%04x-%x-%x-%x", uint64(seq)>>16, uint64(seq)&0xffff, sum[6:8], sum[8:10], sum[10:16])
}

// seqOfID returns the position of the event with this id, 0 if none.
func (f *File) seqOfID(id string) (int64, error) {
	var hi, lo uint64
	if len(id) != 36 {
		return 0, nil
	}
	if _, err := fmt.Sscanf(id[:13], "%08x-%04x", &hi, &lo); err != nil {
		return 0, nil
	}
	seq := int64(hi<<16 | lo)
	if seq < 1 || seq > int64(f.seen()) {
		return 0, nil
	}
	ev, err := f.event(int(seq - 1))
	if err != nil || ev.ID != id {
		return 0, err
	}
	return seq, nil
}

func (f *File) binding(product string) (*Binding, error) {
	// The current bindings are the ledger's own fold (ledger.State).
	i, ok := f.l.State().BoundBy(product)
	if !ok {
		return nil, nil
	}
	ev, err := f.event(i)
	if err != nil {
		return nil, err
	}
	b := bindingOf(ev)
	return &b, nil
}

func (f *File) bindingOfDevice(h string) (*Binding, error) {
	p, ok := f.l.State().BoundProduct(h)
	if !ok {
		return nil, nil
	}
	return f.binding(p)
}

// repeat is the first outcome of a request whose idempotency key was seen.
func (f *File) repeat(key string, bind *BindRequest, unbind *UnbindRequest) (Result, bool, error) {
	if key == "" {
		return Result{}, false, nil
	}
	i, ok := f.l.State().ByIdempotencyKey(key)
	if !ok {
		return Result{}, false, nil
	}
	ev, err := f.event(i)
	if err != nil {
		return Result{}, true, err
	}
	r, err := repeatResult(ev, bind, unbind)
	return r, true, err
}

// errDecided stops an Append whose outcome needs no new record.
var errDecided = errors.New("decided without a record")

// record runs plan under the ledger lock and appends the event it returns.
func (f *File) record(plan func() (Event, Result, error)) (Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var res Result
	_, err := f.l.Append(func(*ledger.State) (ledger.Record, error) {
		ev, r, err := plan()
		res = r
		if err != nil {
			return ledger.Record{}, err
		}
		if ev.Kind == "" {
			return ledger.Record{}, errDecided
		}
		return ledger.Record{Event: ledger.Event(ev.Kind), Station: ev.Station, Operator: ev.By, Product: ev.Product, GTIN: ev.GTIN,
			Device: ev.Device, PreviousDevice: ev.PreviousDevice, PreviousProduct: ev.PreviousProduct, Reason: ev.Reason, IdempotencyKey: ev.IdempotencyKey}, nil
	})
	if errors.Is(err, errDecided) {
		return res, nil
	}
	if err != nil {
		return Result{}, err
	}
	ev, err := f.event(f.seen() - 1)
	if err != nil {
		return Result{}, err
	}
	res.Event = &ev
	if ev.Kind != KindUnbind {
		b := bindingOf(ev)
		res.Binding = &b
	}
	return res, nil
}

func (f *File) Bind(_ context.Context, req BindRequest) (Result, error) {
	if err := checkBind(req); err != nil {
		return Result{}, err
	}
	return f.record(func() (Event, Result, error) {
		if r, ok, err := f.repeat(req.IdempotencyKey, &req, nil); ok || err != nil {
			return Event{}, r, err
		}
		var cur current
		var err error
		if cur.byProduct, err = f.binding(req.Product); err != nil {
			return Event{}, Result{}, err
		}
		if cur.byDevice, err = f.bindingOfDevice(req.Device.ID()); err != nil {
			return Event{}, Result{}, err
		}
		return planBind(cur, req)
	})
}

func (f *File) Unbind(_ context.Context, req UnbindRequest) (Result, error) {
	if err := checkUnbind(req); err != nil {
		return Result{}, err
	}
	return f.record(func() (Event, Result, error) {
		if r, ok, err := f.repeat(req.IdempotencyKey, nil, &req); ok || err != nil {
			return Event{}, r, err
		}
		var b *Binding
		var err error
		if req.Product != "" {
			b, err = f.binding(req.Product)
		} else {
			b, err = f.bindingOfDevice(req.Device.ID())
		}
		if err != nil {
			return Event{}, Result{}, err
		}
		return planUnbind(b, req)
	})
}

// refresh reads what others appended.
func (f *File) refresh() error { return f.l.Refresh() }

func (f *File) ByProduct(_ context.Context, product string) (Binding, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refresh(); err != nil {
		return Binding{}, false, err
	}
	if b, err := f.binding(product); b != nil || err != nil {
		return deref(b), b != nil, err
	}
	return Binding{}, false, nil
}

func (f *File) ByDevice(_ context.Context, h string) (Binding, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refresh(); err != nil {
		return Binding{}, false, err
	}
	if b, err := f.bindingOfDevice(h); b != nil || err != nil {
		return deref(b), b != nil, err
	}
	return Binding{}, false, nil
}

func (f *File) History(_ context.Context, product, h string) ([]Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refresh(); err != nil {
		return nil, err
	}
	var idx []int
	if product != "" {
		idx = append(idx, f.l.State().ProductEvents(product)...)
	}
	if h != "" {
		idx = append(idx, f.l.State().DeviceEvents(h)...)
	}
	var out []Event
	for _, i := range slices.Compact(sortedInts(idx)) {
		ev, err := f.event(i)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// Export streams the events; the lock is released between batches so a
// long export does not stop binding.
func (f *File) Export(ctx context.Context, fn func(Event) error) error {
	const batch = 1000
	for next := 0; ; {
		f.mu.Lock()
		err := f.refresh()
		var evs []Event
		if err == nil {
			err = f.l.Records(next, next+batch, func(i int, r ledger.Record) error {
				evs = append(evs, eventOf(i, r))
				return nil
			})
		}
		f.mu.Unlock()
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		for _, ev := range evs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(ev); err != nil {
				return err
			}
		}
		next += len(evs)
	}
}

func deref(b *Binding) Binding {
	if b == nil {
		return Binding{}
	}
	return *b
}

func (f *File) Ping(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refresh()
}

func (f *File) Close() error {
	var err error
	if f.outbox != nil {
		err = f.outbox.close()
	}
	if cerr := f.l.Close(); err == nil {
		err = cerr
	}
	return err
}
