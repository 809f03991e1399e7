// Package ledger is the station's append-only record of which device
// (module) is bound to which product. It is a JSON-lines file: one record per
// event, each written with a single write and fsynced before it counts, under
// an exclusive file lock so several station processes can share it.
package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/hwident/hwident/identity"
)

// Event is what a record did to the bindings.
type Event string

const (
	EventBind    Event = "bind"    // a new binding
	EventReplace Event = "replace" // a binding that displaced another (a module swap)
	EventUnbind  Event = "unbind"  // a binding removed
)

// Record is one ledger line.
type Record struct {
	Time     time.Time // UTC, set when appended
	Event    Event
	Station  string
	Operator string
	Product  string // product serial
	GTIN     string // when the product serial came from GS1 data
	Device   identity.Identity
	// For EventReplace: what the new binding displaced, so that the history
	// of a product and of a device is complete.
	PreviousDevice  identity.Identity // the device the product was bound to
	PreviousProduct string            // the product the device was bound to
	// Reason is why a supervisor replaced or unbound (the service requires it).
	Reason string
	// IdempotencyKey is the client's key of the request that recorded this
	// event, so a retried request finds it instead of recording it twice.
	IdempotencyKey string

	deviceHash string  // Device.ID(), kept when read: folding and history need it often
	prevHash   string  // PreviousDevice.ID() ("" for none), kept when read
	hash       hashKey // Device's identity hash, set when read
	fp         uint64  // fingerprint(), set when read
}

// ErrBadRecord is wrapped by every error about a line that is JSON but not
// a valid record.
var ErrBadRecord = errors.New("invalid ledger record")

// wireRecord is the JSON form. The identity is a list so that its order and
// repeated keys survive; the hashes are what `hwident identity --format id`
// prints and are checked against the attributes when read.
type wireRecord struct {
	Time               time.Time  `json:"time"`
	Event              Event      `json:"event"`
	Station            string     `json:"station"`
	Operator           string     `json:"operator"`
	Product            string     `json:"product_serial"`
	GTIN               string     `json:"gtin,omitempty"`
	Device             []wireAttr `json:"identity"`
	DeviceHash         string     `json:"identity_hash"`
	PreviousDevice     []wireAttr `json:"previous_identity,omitempty"`
	PreviousDeviceHash string     `json:"previous_identity_hash,omitempty"`
	PreviousProduct    string     `json:"previous_product_serial,omitempty"`
	Reason             string     `json:"reason,omitempty"`
	IdempotencyKey     string     `json:"idempotency_key,omitempty"`
}

// wireAttr is one attribute. A value that is not valid UTF-8 (a label
// payload carries any bytes) cannot be a JSON string: it is written
// percent-encoded as value_pct (identity.EncodeValue), with value empty.
type wireAttr struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	ValuePct string `json:"value_pct,omitempty"`
}

// DeviceHash is the identity hash of the record's device.
func (r Record) DeviceHash() string {
	switch {
	case r.deviceHash != "":
		return r.deviceHash
	case r.hash != hashKey{}:
		return hex.EncodeToString(r.hash[:])
	}
	return r.Device.ID()
}

// PreviousDeviceHash is the identity hash of the device a replace
// displaced, "" for none.
func (r Record) PreviousDeviceHash() string {
	if r.prevHash != "" || len(r.PreviousDevice) == 0 {
		return r.prevHash
	}
	return r.PreviousDevice.ID()
}

// line returns the record as one JSON line, newline included.
func (r Record) line() ([]byte, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}
	w := wireRecord{
		Time: r.Time.UTC(), Event: r.Event, Station: r.Station, Operator: r.Operator,
		Product: r.Product, GTIN: r.GTIN, Device: toWire(r.Device), DeviceHash: r.Device.ID(),
		PreviousProduct: r.PreviousProduct, Reason: r.Reason, IdempotencyKey: r.IdempotencyKey,
	}
	if len(r.PreviousDevice) > 0 {
		w.PreviousDevice, w.PreviousDeviceHash = toWire(r.PreviousDevice), r.PreviousDevice.ID()
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("encode ledger record: %w", err)
	}
	return append(b, '\n'), nil
}

// parseRecord decodes one line (without its newline) and checks it.
func parseRecord(line []byte) (Record, error) { return parseRecordWith(line, nil) }

// parseRecordWith is parseRecord reusing the strings of c (one goroutine's).
func parseRecordWith(line []byte, c *decodeCache) (Record, error) {
	w, ok := decodeWire(line, c)
	if !ok {
		if err := json.Unmarshal(line, &w); err != nil {
			return Record{}, fmt.Errorf("%w: %w", ErrBadRecord, err)
		}
	}
	dev, err := fromWire(w.Device)
	if err != nil {
		return Record{}, err
	}
	prev, err := fromWire(w.PreviousDevice)
	if err != nil {
		return Record{}, err
	}
	r := Record{
		Time: w.Time, Event: w.Event, Station: w.Station, Operator: w.Operator, Product: w.Product,
		GTIN: w.GTIN, Device: dev, PreviousDevice: prev, PreviousProduct: w.PreviousProduct,
		Reason: w.Reason, IdempotencyKey: w.IdempotencyKey,
	}
	if err := r.validate(); err != nil {
		return Record{}, err
	}
	r.hash = sha256.Sum256(r.Device.JSON())
	var text [2 * sha256.Size]byte // the hash as text, without allocating it
	hex.Encode(text[:], r.hash[:])
	if len(r.PreviousDevice) > 0 {
		r.prevHash = identityHash(r.PreviousDevice)
	}
	if w.DeviceHash != string(text[:]) || w.PreviousDeviceHash != r.prevHash {
		return Record{}, fmt.Errorf("%w: identity hash does not match the identity attributes", ErrBadRecord)
	}
	r.fp = r.fingerprint() // here, on every core, rather than in the fold
	return r, nil
}

func (r Record) validate() error {
	switch {
	case r.Time.IsZero():
		return fmt.Errorf("%w: no time", ErrBadRecord)
	case r.Event != EventBind && r.Event != EventReplace && r.Event != EventUnbind:
		return fmt.Errorf("%w: unknown event %q", ErrBadRecord, r.Event)
	case r.Product == "":
		return fmt.Errorf("%w: no product serial", ErrBadRecord)
	case r.Event != EventReplace && (len(r.PreviousDevice) > 0 || r.PreviousProduct != ""):
		return fmt.Errorf("%w: only a replace records what it displaced", ErrBadRecord)
	}
	if err := r.Device.Validate(); err != nil {
		return fmt.Errorf("%w: identity: %w", ErrBadRecord, err)
	}
	if len(r.PreviousDevice) > 0 {
		if err := r.PreviousDevice.Validate(); err != nil {
			return fmt.Errorf("%w: previous identity: %w", ErrBadRecord, err)
		}
	}
	return nil
}

// identityHash is id.ID() computed with crypto/sha256: the same hash over
// the same canonical bytes, but the assembly implementation, which matters
// when every record of a large ledger is checked (identity's own SHA-256
// is small for device binaries, not fast). TestIdentityHash keeps them equal.
func identityHash(id identity.Identity) string {
	sum := sha256.Sum256(id.JSON())
	return hex.EncodeToString(sum[:])
}

func toWire(id identity.Identity) []wireAttr {
	out := make([]wireAttr, len(id))
	for i, a := range id {
		out[i] = wireAttr{Key: a.Key, Value: a.Value}
		if !utf8.ValidString(a.Value) {
			out[i] = wireAttr{Key: a.Key, ValuePct: identity.EncodeValue(a.Value)}
		}
	}
	return out
}

func fromWire(w []wireAttr) (identity.Identity, error) {
	if len(w) == 0 {
		return nil, nil
	}
	out := make(identity.Identity, len(w))
	for i, a := range w {
		out[i] = identity.Attr{Key: a.Key, Value: a.Value}
		if a.ValuePct == "" {
			continue
		}
		v, err := identity.DecodeValue(a.ValuePct)
		if err != nil || a.Value != "" {
			return nil, fmt.Errorf("%w: attribute %q: value_pct must be percent-encoded and value empty", ErrBadRecord, a.Key)
		}
		out[i].Value = v
	}
	return out, nil
}
