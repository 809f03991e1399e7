package ledger

import (
	"encoding/hex"
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

// State is the ledger folded into its current bindings, with an index of
// the records about each product, device and idempotency key, every
// damaged line for reporting and, unless the ledger was opened with
// OpenFolded, every record.
type State struct {
	// Records is every record, oldest first. A state of OpenFolded keeps
	// none (a million records took a gigabyte): Ledger.Record reads one
	// back from the file; ByProduct, ByDevice, Bindings and the histories,
	// which return records, panic there (use the positions they are built
	// on: BoundBy, BoundProduct, BoundPositions, ProductEvents, DeviceEvents).
	Records   []Record
	Damage    []Damage // terminated lines that are not records (see Blocking)
	Truncated *Damage  // an unterminated last line, if any
	Repairs   []Repair // repair records, oldest first
	// Headerless: the ledger has no header line, as ledgers of hwident
	// before format 1 had; it is read and appended to as it is.
	Headerless bool

	n      int  // records folded
	folded bool // records are not kept: lines says where each one is
	lines  []lineRef

	// The index: small values in dense slices, so that a million
	// products and devices cost a few tens of bytes each.
	products    map[string]int32 // product -> index in prods
	prods       []productEntry
	devices     map[hashKey]int32 // identity hash -> index in devs
	devs        []deviceEntry
	productMore map[int32][]int32 // index in prods -> the events after its first
	deviceMore  map[int32][]int32 // index in devs -> the events after its first
	keys        map[string]int32  // idempotency key -> its (last) record
	// interned: one copy of the strings that repeat across records
	// (station, operator, GTIN, attribute keys), so that a large ledger
	// in memory does not hold a copy per record.
	interned map[string]string
}

// hashKey is an identity hash as bytes: half the size of its hex text.
type hashKey [32]byte

func keyOfHash(h string) (hashKey, bool) {
	var k hashKey
	if len(h) != 2*len(k) {
		return k, false
	}
	_, err := hex.Decode(k[:], []byte(h))
	return k, err == nil
}

// productEntry is what the state knows of a product serial.
type productEntry struct {
	name  string
	first int32 // the first record about it
	bound int32 // the record that bound it now, -1 if unbound
	dev   int32 // the device of that binding (index in devs)
}

// deviceEntry is what the state knows of a device.
type deviceEntry struct {
	first   int32 // the first record about it
	product int32 // the product it is bound to now (index in prods), -1 if unbound
}

// lineRef locates a record of a folded state in the file; fp is the
// record's fingerprint (keyOf), for the replaced-file check (keeps).
type lineRef struct {
	off  int64
	fp   uint64
	size uint32 // without the newline
}

func newState(folded bool) State {
	return State{folded: folded, products: map[string]int32{}, devices: map[hashKey]int32{},
		productMore: map[int32][]int32{}, deviceMore: map[int32][]int32{}, keys: map[string]int32{}, interned: map[string]string{}}
}

// reserve makes room for about n records in a state that holds none,
// rather than growing (and copying) it a record at a time.
func (s *State) reserve(n int) {
	if s.n > 0 || len(s.products) > 0 {
		return
	}
	if s.folded {
		s.lines = make([]lineRef, 0, n)
	} else {
		s.Records = make([]Record, 0, n)
	}
	s.prods = make([]productEntry, 0, n)
	s.devs = make([]deviceEntry, 0, n)
	// Sized ahead the maps take up to twice the room (a power of two),
	// but growing them cost a quarter of the fold's time at a million
	// (and the garbage of every table split).
	s.products = make(map[string]int32, n)
	s.devices = make(map[hashKey]int32, n)
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

// Len is the number of records.
func (s *State) Len() int { return s.n }

// apply folds one record, read from the line at off of size bytes, into
// the bindings and the index. It works from the current state, not from
// what a replace says it displaced, so a hand-edited ledger can never
// leave a device bound twice.
func (s *State) apply(r Record, off int64, size int) {
	i := int32(s.n)
	s.n++
	if s.folded {
		s.lines = append(s.lines, lineRef{off: off, fp: r.fp, size: uint32(size)})
	} else {
		r.deviceHash, r.prevHash = r.DeviceHash(), r.PreviousDeviceHash()
		r.Station, r.Operator, r.GTIN = s.intern(r.Station), s.intern(r.Operator), s.intern(r.GTIN)
		for i := range r.Device {
			r.Device[i].Key = s.intern(r.Device[i].Key)
		}
		s.Records = append(s.Records, r)
	}
	h := r.hash
	pi, pok := s.products[r.Product]
	if !pok {
		pi = s.newProduct(r.Product, i)
	}
	di, dok := s.devices[h]
	if !dok {
		di = s.newDevice(h, i)
	}
	pe, de := &s.prods[pi], &s.devs[di]
	// Break the bindings of the product and of the device.
	if pe.bound >= 0 && pe.dev != di {
		s.devs[pe.dev].product = -1
	}
	if de.product >= 0 && de.product != pi {
		s.prods[de.product].bound = -1
	}
	if pok {
		s.productMore[pi] = append(s.productMore[pi], i)
	}
	if dok {
		s.deviceMore[di] = append(s.deviceMore[di], i)
	}
	if r.Event == EventUnbind {
		pe.bound, de.product = -1, -1
	} else {
		pe.bound, pe.dev, de.product = i, di, pi
	}
	if p := r.PreviousProduct; p != "" && p != r.Product {
		if j, ok := s.products[p]; ok {
			s.productMore[j] = append(s.productMore[j], i)
		} else {
			s.newProduct(p, i)
		}
	}
	if ph, ok := keyOfHash(r.PreviousDeviceHash()); ok && ph != h {
		if j, ok := s.devices[ph]; ok {
			s.deviceMore[j] = append(s.deviceMore[j], i)
		} else {
			s.newDevice(ph, i)
		}
	}
	if r.IdempotencyKey != "" {
		s.keys[r.IdempotencyKey] = i
	}
}

func (s *State) newProduct(name string, first int32) int32 {
	j := int32(len(s.prods))
	s.prods = append(s.prods, productEntry{name: name, first: first, bound: -1, dev: -1})
	s.products[name] = j
	return j
}

func (s *State) newDevice(h hashKey, first int32) int32 {
	j := int32(len(s.devs))
	s.devs = append(s.devs, deviceEntry{first: first, product: -1})
	s.devices[h] = j
	return j
}

// BoundBy returns the position in the ledger (the index in Records) of
// the record that bound the product now.
func (s *State) BoundBy(product string) (int, bool) {
	j, ok := s.products[product]
	if !ok || s.prods[j].bound < 0 {
		return 0, false
	}
	return int(s.prods[j].bound), true
}

// BoundProduct returns the product the device with identity hash h is bound to.
func (s *State) BoundProduct(h string) (string, bool) {
	k, ok := keyOfHash(h)
	if !ok {
		return "", false
	}
	j, ok := s.devices[k]
	if !ok || s.devs[j].product < 0 {
		return "", false
	}
	return s.prods[s.devs[j].product].name, true
}

// ByIdempotencyKey returns the position of the last record of the key.
func (s *State) ByIdempotencyKey(key string) (int, bool) {
	i, ok := s.keys[key]
	return int(i), ok
}

// ProductEvents returns, oldest first, the positions of every record that
// bound, replaced or unbound the product, including replacements that took
// its device.
func (s *State) ProductEvents(product string) []int {
	j, ok := s.products[product]
	if !ok {
		return nil
	}
	return positions(s.prods[j].first, s.productMore[j])
}

// DeviceEvents returns, oldest first, the positions of every record about
// the device with identity hash h, including replacements that displaced it.
func (s *State) DeviceEvents(h string) []int {
	k, ok := keyOfHash(h)
	if !ok {
		return nil
	}
	j, ok := s.devices[k]
	if !ok {
		return nil
	}
	return positions(s.devs[j].first, s.deviceMore[j])
}

func positions(first int32, more []int32) []int {
	out := make([]int, 0, 1+len(more))
	out = append(out, int(first))
	for _, i := range more {
		out = append(out, int(i))
	}
	return out
}

// ByProduct returns the current binding of a product serial.
func (s *State) ByProduct(product string) (Binding, bool) {
	s.mustHoldRecords("ByProduct")
	i, ok := s.BoundBy(product)
	if !ok {
		return Binding{}, false
	}
	return s.bindingOf(i), true
}

// mustHoldRecords refuses a question a folded state cannot answer from
// memory: an empty answer would be taken for "not bound".
func (s *State) mustHoldRecords(what string) {
	if s.folded {
		panic("ledger: " + what + " of a folded state (OpenFolded): use BoundBy, BoundProduct and Ledger.Record")
	}
}

func (s *State) bindingOf(i int) Binding {
	r := &s.Records[i]
	return Binding{Product: r.Product, GTIN: r.GTIN, Device: r.Device, Since: r.Time, Station: r.Station, Operator: r.Operator, deviceHash: r.deviceHash}
}

// ByDevice returns the current binding of the device with identity hash h.
func (s *State) ByDevice(h string) (Binding, bool) {
	s.mustHoldRecords("ByDevice")
	p, ok := s.BoundProduct(h)
	if !ok {
		return Binding{}, false
	}
	return s.ByProduct(p)
}

// BoundPositions returns the positions of the records that bound every
// product bound now, sorted by product serial.
func (s *State) BoundPositions() []int {
	type bound struct {
		product string
		at      int32
	}
	var bs []bound
	for _, e := range s.prods {
		if e.bound >= 0 {
			bs = append(bs, bound{e.name, e.bound})
		}
	}
	slices.SortFunc(bs, func(a, b bound) int { return strings.Compare(a.product, b.product) })
	out := make([]int, len(bs))
	for i, b := range bs {
		out[i] = int(b.at)
	}
	return out
}

// Bindings returns the current bindings sorted by product serial.
func (s *State) Bindings() []Binding {
	s.mustHoldRecords("Bindings")
	pos := s.BoundPositions()
	out := make([]Binding, len(pos))
	for i, at := range pos {
		out[i] = s.bindingOf(at)
	}
	return out
}

// ProductHistory returns, oldest first, every record that bound, replaced
// or unbound the product, including replacements that took its device.
func (s *State) ProductHistory(product string) []Record {
	return s.recordsAt(s.ProductEvents(product))
}

// DeviceHistory returns, oldest first, every record about the device with
// identity hash h, including replacements that displaced it.
func (s *State) DeviceHistory(h string) []Record {
	return s.recordsAt(s.DeviceEvents(h))
}

func (s *State) recordsAt(pos []int) []Record {
	s.mustHoldRecords("a history")
	var out []Record
	for _, i := range pos {
		out = append(out, s.Records[i])
	}
	return out
}
