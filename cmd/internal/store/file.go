package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/hwident/hwident/cmd/internal/ledger"
)

// File is the store over a ledger file. It keeps the folded bindings and
// an index of the events in memory and reads only what other processes
// appended since (ledger.Ledger.Refresh), so lookups do not grow with the
// ledger. Replication outcomes and users live in files next to the ledger
// (NAME.outbox, NAME.users.json).
type File struct {
	mu       sync.Mutex
	name     string
	l        *ledger.Ledger
	seen     int            // records of l.State().Records folded into the index
	prod     eventIndex     // product -> indexes of the events about it
	dev      eventIndex     // identity hash -> indexes of the events about it
	idem     map[string]int // idempotency key -> index of its event
	outbox   *fileOutbox    // opened by the first use: a CLI station never locks it
	users    *fileUsers
	sessions memSessions // one serve owns a file ledger: in memory
}

// OpenFile opens (creating) the ledger file and its side files.
func OpenFile(name string) (*File, error) {
	l, err := ledger.Open(name)
	if err != nil {
		return nil, err
	}
	f := &File{name: name, l: l, prod: newEventIndex(0), dev: newEventIndex(0), idem: map[string]int{},
		users: &fileUsers{name: name + ".users.json"}}
	f.index(l.State())
	return f, nil
}

// Damage is what the ledger reported as damaged lines (shown by the caller).
func (f *File) Damage() *ledger.State { return f.l.State() }

// index folds the records appended since the last call.
func (f *File) index(s *ledger.State) {
	if n := len(s.Records); f.seen == 0 && n > 1<<12 {
		// The first fold of a large ledger: size the maps once.
		f.prod, f.dev = newEventIndex(n), newEventIndex(n)
	}
	for i := f.seen; i < len(s.Records); i++ {
		r := &s.Records[i]
		h := r.DeviceHash()
		f.prod.add(r.Product, i)
		f.dev.add(h, i)
		if r.PreviousProduct != "" {
			f.prod.add(r.PreviousProduct, i)
		}
		if len(r.PreviousDevice) > 0 {
			ph := r.PreviousDevice.ID()
			f.dev.add(ph, i)
		}
		if r.IdempotencyKey != "" {
			f.idem[r.IdempotencyKey] = i
		}
	}
	f.seen = len(s.Records)
}

// event converts record i.
func (f *File) event(i int) Event {
	r := f.l.State().Records[i]
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
func (f *File) seqOfID(id string) int64 {
	var hi, lo uint64
	if len(id) != 36 {
		return 0
	}
	if _, err := fmt.Sscanf(id[:13], "%08x-%04x", &hi, &lo); err != nil {
		return 0
	}
	seq := int64(hi<<16 | lo)
	if seq < 1 || seq > int64(f.seen) || f.event(int(seq-1)).ID != id {
		return 0
	}
	return seq
}

func (f *File) binding(product string) *Binding {
	// The current bindings are the ledger's own fold (ledger.State).
	i, ok := f.l.State().BoundBy(product)
	if !ok {
		return nil
	}
	b := bindingOf(f.event(i))
	return &b
}

func (f *File) bindingOfDevice(h string) *Binding {
	p, ok := f.l.State().BoundProduct(h)
	if !ok {
		return nil
	}
	return f.binding(p)
}

// errDecided stops an Append whose outcome needs no new record.
var errDecided = errors.New("decided without a record")

// record runs plan under the ledger lock and appends the event it returns.
func (f *File) record(plan func() (Event, Result, error)) (Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var res Result
	_, err := f.l.Append(func(s *ledger.State) (ledger.Record, error) {
		f.index(s)
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
	f.index(f.l.State())
	ev := f.event(f.seen - 1)
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
		if i, ok := f.idem[req.IdempotencyKey]; ok && req.IdempotencyKey != "" {
			r, err := repeatResult(f.event(i), &req, nil)
			return Event{}, r, err
		}
		return planBind(current{byProduct: f.binding(req.Product), byDevice: f.bindingOfDevice(req.Device.ID())}, req)
	})
}

func (f *File) Unbind(_ context.Context, req UnbindRequest) (Result, error) {
	if err := checkUnbind(req); err != nil {
		return Result{}, err
	}
	return f.record(func() (Event, Result, error) {
		if i, ok := f.idem[req.IdempotencyKey]; ok && req.IdempotencyKey != "" {
			r, err := repeatResult(f.event(i), nil, &req)
			return Event{}, r, err
		}
		b := f.binding(req.Product)
		if req.Product == "" {
			b = f.bindingOfDevice(req.Device.ID())
		}
		return planUnbind(b, req)
	})
}

// refresh reads what others appended.
func (f *File) refresh() error {
	if err := f.l.Refresh(); err != nil {
		return err
	}
	f.index(f.l.State())
	return nil
}

func (f *File) ByProduct(_ context.Context, product string) (Binding, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refresh(); err != nil {
		return Binding{}, false, err
	}
	if b := f.binding(product); b != nil {
		return *b, true, nil
	}
	return Binding{}, false, nil
}

func (f *File) ByDevice(_ context.Context, h string) (Binding, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refresh(); err != nil {
		return Binding{}, false, err
	}
	if b := f.bindingOfDevice(h); b != nil {
		return *b, true, nil
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
		idx = f.prod.appendTo(idx, product)
	}
	if h != "" {
		idx = f.dev.appendTo(idx, h)
	}
	seen := map[int]bool{}
	var out []Event
	for _, i := range sortedInts(idx) {
		if !seen[i] {
			seen[i] = true
			out = append(out, f.event(i))
		}
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
		for i := next; err == nil && i < f.seen && len(evs) < batch; i++ {
			evs = append(evs, f.event(i))
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
