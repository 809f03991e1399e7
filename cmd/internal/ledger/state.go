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

	byProduct map[string]int    // product -> index in Records of the record that bound it
	byDevice  map[string]string // identity hash -> product
	// interned: one copy of the strings that repeat across records
	// (station, operator, GTIN, attribute keys), so that a large ledger
	// in memory does not hold a copy per record.
	interned map[string]string
}

func newState() State {
	return State{byProduct: map[string]int{}, byDevice: map[string]string{}, interned: map[string]string{}}
}

// reserve makes room for about n records in a state that holds none,
// rather than growing (and copying) it a record at a time.
func (s *State) reserve(n int) {
	if len(s.Records) > 0 || len(s.byProduct) > 0 {
		return
	}
	s.Records = make([]Record, 0, n)
	s.byProduct = make(map[string]int, n)
	s.byDevice = make(map[string]string, n)
}

func (s *State) intern(v string) string {
	if v == "" {
		return ""
	}
	if u, ok := s.interned[v]; ok {
		return u
	}
	s.interned[v] = v
	return v
}

// apply folds one record into the bindings. It works from the current
// state, not from what a replace says it displaced, so a hand-edited ledger
// can never leave a device bound twice.
func (s *State) apply(r Record) {
	h := r.DeviceHash()
	r.deviceHash = h
	r.Station, r.Operator, r.GTIN = s.intern(r.Station), s.intern(r.Operator), s.intern(r.GTIN)
	for i := range r.Device {
		r.Device[i].Key = s.intern(r.Device[i].Key)
	}
	s.Records = append(s.Records, r)
	s.remove(r.Product, h)
	if r.Event == EventUnbind {
		return
	}
	s.byProduct[r.Product] = len(s.Records) - 1
	s.byDevice[h] = r.Product
}

// remove drops the bindings of product and of the device with hash h.
func (s *State) remove(product, h string) {
	if i, ok := s.byProduct[product]; ok {
		delete(s.byDevice, s.Records[i].deviceHash)
		delete(s.byProduct, product)
	}
	if p, ok := s.byDevice[h]; ok {
		delete(s.byProduct, p)
		delete(s.byDevice, h)
	}
}

// ByProduct returns the current binding of a product serial.
func (s *State) ByProduct(product string) (Binding, bool) {
	i, ok := s.byProduct[product]
	if !ok {
		return Binding{}, false
	}
	return s.bindingOf(i), true
}

// BoundBy returns the index in Records of the record that bound the
// product now, so that callers indexing the records need no map of their own.
func (s *State) BoundBy(product string) (int, bool) {
	i, ok := s.byProduct[product]
	return i, ok
}

// BoundProduct returns the product the device with identity hash h is bound to.
func (s *State) BoundProduct(h string) (string, bool) {
	p, ok := s.byDevice[h]
	return p, ok
}

func (s *State) bindingOf(i int) Binding {
	r := &s.Records[i]
	return Binding{Product: r.Product, GTIN: r.GTIN, Device: r.Device, Since: r.Time, Station: r.Station, Operator: r.Operator, deviceHash: r.deviceHash}
}

// ByDevice returns the current binding of the device with identity hash h.
func (s *State) ByDevice(h string) (Binding, bool) {
	p, ok := s.byDevice[h]
	if !ok {
		return Binding{}, false
	}
	return s.bindingOf(s.byProduct[p]), true
}

// Bindings returns the current bindings sorted by product serial.
func (s *State) Bindings() []Binding {
	out := make([]Binding, 0, len(s.byProduct))
	for _, i := range s.byProduct {
		out = append(out, s.bindingOf(i))
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
