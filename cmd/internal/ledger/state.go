package ledger

import (
	"slices"
	"strings"
	"time"

	"github.com/hwident/hwident/identity"
)

// Binding is one current product–device pair.
type Binding struct {
	Product  string
	GTIN     string
	Device   identity.Identity
	Since    time.Time
	Station  string
	Operator string

	deviceHash string
}

// DeviceHash is the identity hash of the bound device.
func (b Binding) DeviceHash() string { return b.deviceHash }

// State is the ledger folded into its current bindings, with every record
// kept for history and every damaged line for reporting.
type State struct {
	Records   []Record
	Damage    []Damage // terminated lines that are not records (see Blocking)
	Truncated *Damage  // an unterminated last line, if any
	Repairs   []Repair // repair records, oldest first
	// Headerless: the ledger has no header line, as ledgers of hwident
	// before format 1 had; it is read and appended to as it is.
	Headerless bool

	byProduct map[string]Binding
	byDevice  map[string]string // identity hash -> product
}

func newState() State {
	return State{byProduct: map[string]Binding{}, byDevice: map[string]string{}}
}

// apply folds one record into the bindings. It works from the current
// state, not from what a replace says it displaced, so a hand-edited ledger
// can never leave a device bound twice.
func (s *State) apply(r Record) {
	h := r.DeviceHash()
	r.deviceHash = h
	s.Records = append(s.Records, r)
	s.remove(r.Product, h)
	if r.Event == EventUnbind {
		return
	}
	s.byProduct[r.Product] = Binding{Product: r.Product, GTIN: r.GTIN, Device: r.Device, Since: r.Time, Station: r.Station, Operator: r.Operator, deviceHash: h}
	s.byDevice[h] = r.Product
}

// remove drops the bindings of product and of the device with hash h.
func (s *State) remove(product, h string) {
	if b, ok := s.byProduct[product]; ok {
		delete(s.byDevice, b.DeviceHash())
		delete(s.byProduct, product)
	}
	if p, ok := s.byDevice[h]; ok {
		delete(s.byProduct, p)
		delete(s.byDevice, h)
	}
}

// ByProduct returns the current binding of a product serial.
func (s *State) ByProduct(product string) (Binding, bool) {
	b, ok := s.byProduct[product]
	return b, ok
}

// ByDevice returns the current binding of the device with identity hash h.
func (s *State) ByDevice(h string) (Binding, bool) {
	p, ok := s.byDevice[h]
	if !ok {
		return Binding{}, false
	}
	return s.byProduct[p], true
}

// Bindings returns the current bindings sorted by product serial.
func (s *State) Bindings() []Binding {
	out := make([]Binding, 0, len(s.byProduct))
	for _, b := range s.byProduct {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Binding) int { return strings.Compare(a.Product, b.Product) })
	return out
}

// ProductHistory returns, oldest first, every record that bound, replaced
// or unbound the product, including replacements that took its device.
func (s *State) ProductHistory(product string) []Record {
	var out []Record
	for _, r := range s.Records {
		if r.Product == product || r.PreviousProduct == product {
			out = append(out, r)
		}
	}
	return out
}

// DeviceHistory returns, oldest first, every record about the device with
// identity hash h, including replacements that displaced it.
func (s *State) DeviceHistory(h string) []Record {
	var out []Record
	for _, r := range s.Records {
		if r.DeviceHash() == h || len(r.PreviousDevice) > 0 && r.PreviousDevice.ID() == h {
			out = append(out, r)
		}
	}
	return out
}
