package store

import (
	"fmt"
)

// current is what the rules need to know of the bindings in force.
type current struct {
	byProduct, byDevice *Binding
}

// planBind applies the binding rules, the same for every store: a device
// bound to another product, or a product bound to another device, is a
// *ConflictError unless req.Replace; a replacement records what it
// displaced. The pair already bound is AlreadyBound with no event.
func planBind(cur current, req BindRequest) (Event, Result, error) {
	h := req.Device.ID()
	if p := cur.byProduct; p != nil && p.DeviceHash() == h {
		return Event{}, Result{Outcome: AlreadyBound, Binding: p}, nil
	}
	ev := Event{Kind: KindBind, Product: req.Product, GTIN: req.GTIN, Device: req.Device, By: req.By, Station: req.Station, Reason: req.Reason, IdempotencyKey: req.IdempotencyKey}
	if cur.byProduct == nil && cur.byDevice == nil {
		return ev, Result{Outcome: Bound}, nil
	}
	if !req.Replace {
		if cur.byDevice != nil {
			return Event{}, Result{}, &ConflictError{DeviceBoundElsewhere: true, Existing: *cur.byDevice}
		}
		return Event{}, Result{}, &ConflictError{Existing: *cur.byProduct}
	}
	ev.Kind = KindReplace
	res := Result{Outcome: Replaced}
	if cur.byProduct != nil {
		ev.PreviousDevice = cur.byProduct.Device
		res.Previous = cur.byProduct
	}
	if cur.byDevice != nil {
		ev.PreviousProduct = cur.byDevice.Product
		if res.Previous == nil {
			res.Previous = cur.byDevice
		}
	}
	return ev, res, nil
}

// planUnbind removes the binding b found for the request.
func planUnbind(b *Binding, req UnbindRequest) (Event, Result, error) {
	if b == nil {
		what := "product " + req.Product
		if req.Product == "" {
			what = "device " + short(req.Device.ID())
		}
		return Event{}, Result{}, fmt.Errorf("%s: %w", what, ErrNotBound)
	}
	ev := Event{Kind: KindUnbind, Product: b.Product, GTIN: b.GTIN, Device: b.Device, By: req.By, Station: req.Station, Reason: req.Reason, IdempotencyKey: req.IdempotencyKey}
	return ev, Result{Outcome: Unbound, Previous: b}, nil
}

// repeatResult is the outcome of a request whose idempotency key recorded
// ev: the same outcome again if it is the same request.
func repeatResult(ev Event, bind *BindRequest, unbind *UnbindRequest) (Result, error) {
	b := bindingOf(ev)
	switch {
	case bind != nil && ev.Kind != KindUnbind && ev.Product == bind.Product && ev.Device.ID() == bind.Device.ID():
		out := AlreadyBound
		if ev.Kind == KindReplace && bind.Replace {
			out = Replaced
		}
		return Result{Outcome: out, Event: &ev, Binding: &b, Repeat: true}, nil
	case unbind != nil && ev.Kind == KindUnbind && (unbind.Product == ev.Product || unbind.Product == "" && unbind.Device.ID() == ev.Device.ID()):
		return Result{Outcome: Unbound, Event: &ev, Previous: &b, Repeat: true}, nil
	}
	return Result{}, ErrIdempotencyMismatch
}

// bindingOf is the binding an event made (or, for unbind, removed).
func bindingOf(ev Event) Binding {
	return Binding{Product: ev.Product, GTIN: ev.GTIN, Device: ev.Device, Since: ev.At, By: ev.By, Station: ev.Station, EventID: ev.ID}
}
