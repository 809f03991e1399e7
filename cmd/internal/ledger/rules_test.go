package ledger

// The binding rules hwident applies live in cmd/internal/store (one rule
// function for the file and the PostgreSQL ledger). These are a small copy
// for this package's own tests only: they check that appends decide under
// the lock, which needs some rule that refuses a second binding.

import (
	"errors"
	"fmt"
	"time"

	"github.com/hwident/hwident/identity"
)

// Errors of the binding rules.
var (
	// ErrAlreadyBound: the pair is already bound; nothing is recorded.
	ErrAlreadyBound = errors.New("already bound to each other")
	// ErrNotBound: there is no binding to remove.
	ErrNotBound = errors.New("not bound")
)

// ConflictError refuses a bind that would take a device or a product away
// from its current partner without replace.
type ConflictError struct {
	DeviceBoundElsewhere bool    // the device is bound to another product (else: the product to another device)
	Existing             Binding // the binding that would be broken
}

func (e *ConflictError) Error() string {
	b := e.Existing
	if e.DeviceBoundElsewhere {
		return fmt.Sprintf("device %s is already bound to product %s (since %s, station %s)", short(b.DeviceHash()), b.Product, b.Since.Format(time.RFC3339), b.Station)
	}
	return fmt.Sprintf("product %s is already bound to device %s (since %s, station %s)", b.Product, short(b.DeviceHash()), b.Since.Format(time.RFC3339), b.Station)
}

// Request is what a station asks the ledger to record.
type Request struct {
	Station  string
	Operator string
	Product  string
	GTIN     string
	Device   identity.Identity
	Replace  bool // allow breaking existing bindings (a module swap)
}

// PlanBind applies the binding rules to req: a device bound to another
// product, or a product bound to another device, is refused with a
// *ConflictError unless req.Replace; a replacement records what it
// displaced. The pair already bound is ErrAlreadyBound.
func (s *State) PlanBind(req Request) (Record, error) {
	return planBind(req, s.ByProduct, s.ByDevice)
}

// foldedLookups are ByProduct and ByDevice of a folded ledger, which reads
// the records back.
func foldedLookups(l *Ledger) (byProduct, byDevice func(string) (Binding, bool)) {
	byProduct = func(p string) (Binding, bool) {
		i, ok := l.State().BoundBy(p)
		if !ok {
			return Binding{}, false
		}
		r, err := l.Record(i)
		if err != nil {
			panic(err)
		}
		return Binding{Product: r.Product, GTIN: r.GTIN, Device: r.Device, Since: r.Time, Station: r.Station, Operator: r.Operator, deviceHash: r.DeviceHash()}, true
	}
	byDevice = func(h string) (Binding, bool) {
		p, ok := l.State().BoundProduct(h)
		if !ok {
			return Binding{}, false
		}
		return byProduct(p)
	}
	return byProduct, byDevice
}

func planBind(req Request, byProductOf, byDeviceOf func(string) (Binding, bool)) (Record, error) {
	h := req.Device.ID()
	byProduct, productBound := byProductOf(req.Product)
	byDevice, deviceBound := byDeviceOf(h)
	if productBound && byProduct.DeviceHash() == h {
		return Record{}, fmt.Errorf("product %s and device %s: %w", req.Product, short(h), ErrAlreadyBound)
	}
	rec := Record{Event: EventBind, Station: req.Station, Operator: req.Operator, Product: req.Product, GTIN: req.GTIN, Device: req.Device}
	if !productBound && !deviceBound {
		return rec, nil
	}
	if !req.Replace {
		if deviceBound {
			return Record{}, &ConflictError{DeviceBoundElsewhere: true, Existing: byDevice}
		}
		return Record{}, &ConflictError{Existing: byProduct}
	}
	rec.Event = EventReplace
	if productBound {
		rec.PreviousDevice = byProduct.Device
	}
	if deviceBound {
		rec.PreviousProduct = byDevice.Product
	}
	return rec, nil
}

// PlanUnbind removes the binding of a product (when device is nil) or of a
// device; ErrNotBound when there is none.
func (s *State) PlanUnbind(station, operator, product string, device identity.Identity) (Record, error) {
	b, ok := s.ByProduct(product)
	what := "product " + product
	if device != nil {
		b, ok = s.ByDevice(device.ID())
		what = "device " + short(device.ID())
	}
	if !ok {
		return Record{}, fmt.Errorf("%s: %w", what, ErrNotBound)
	}
	return Record{Event: EventUnbind, Station: station, Operator: operator, Product: b.Product, GTIN: b.GTIN, Device: b.Device}, nil
}

// short abbreviates an identity hash for messages.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
