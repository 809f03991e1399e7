package store

import (
	"context"
	"slices"
	"strings"
)

// Bindings calls fn with every current binding, sorted by product serial.
// The file store reads each binding's event back from the file.
func (f *File) Bindings(ctx context.Context, fn func(Binding) error) error {
	f.mu.Lock()
	err := f.refresh()
	var pos []int
	if err == nil {
		pos = f.l.State().BoundPositions()
	}
	f.mu.Unlock()
	if err != nil {
		return err
	}
	for _, i := range pos {
		if err := ctx.Err(); err != nil {
			return err
		}
		f.mu.Lock()
		ev, err := f.event(i)
		f.mu.Unlock()
		if err != nil {
			return err
		}
		if err := fn(bindingOf(ev)); err != nil {
			return err
		}
	}
	return nil
}

// Bindings calls fn with every current binding, sorted by product serial
// (bytewise, as the file store sorts), streaming the rows of one query:
// one consistent snapshot of the bindings.
func (p *Postgres) Bindings(ctx context.Context, fn func(Binding) error) error {
	rows, err := p.pool.Query(ctx, `SELECT `+eventColumns+` FROM bindings b JOIN events e ON e.seq = b.event_seq ORDER BY b.product COLLATE "C"`)
	if err != nil {
		return wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return wrap(err)
		}
		if err := fn(bindingOf(ev)); err != nil {
			return err
		}
	}
	return wrap(rows.Err())
}

// Fold folds events, oldest first, into the current bindings as every
// store does: an event ends the bindings of its product and of its device,
// and all but unbind bind the pair. A client of the service's event export
// (apiclient) finds the bindings with it.
type Fold struct {
	byProduct map[string]Binding
	byDevice  map[string]string // identity hash -> product
}

func NewFold() *Fold { return &Fold{byProduct: map[string]Binding{}, byDevice: map[string]string{}} }

// Add folds the next event.
func (f *Fold) Add(ev Event) {
	h := ev.Device.ID()
	if b, ok := f.byProduct[ev.Product]; ok {
		delete(f.byDevice, b.DeviceHash())
		delete(f.byProduct, ev.Product)
	}
	if p, ok := f.byDevice[h]; ok {
		delete(f.byProduct, p)
		delete(f.byDevice, h)
	}
	if ev.Kind == KindUnbind {
		return
	}
	f.byProduct[ev.Product] = bindingOf(ev)
	f.byDevice[h] = ev.Product
}

// Bindings returns the bindings sorted by product serial.
func (f *Fold) Bindings() []Binding {
	out := make([]Binding, 0, len(f.byProduct))
	for _, b := range f.byProduct {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Binding) int { return strings.Compare(a.Product, b.Product) })
	return out
}
