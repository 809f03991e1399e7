// Package store is the binding ledger behind one interface, with one set of
// rules (rules.go) for both implementations: the file ledger of
// cmd/internal/ledger (one host, the embedded default) and PostgreSQL
// (several hosts), where the database enforces the rules with unique
// constraints. Every event is written together with its outbox entries, so
// replication (cmd/internal/replicate) never loses one.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hwident/hwident/identity"
)

// Kind is what an event did to the bindings.
type Kind string

const (
	KindBind    Kind = "bind"
	KindReplace Kind = "replace"
	KindUnbind  Kind = "unbind"
)

// Event is one recorded change of the bindings.
type Event struct {
	ID      string // unique, stable: webhooks deduplicate on it
	Seq     int64  // order of recording, from 1
	Kind    Kind
	Product string
	GTIN    string
	Device  identity.Identity
	// For KindReplace: what the event displaced.
	PreviousDevice  identity.Identity
	PreviousProduct string
	At              time.Time
	By              string // the authenticated user (or the station's operator)
	Station         string
	Reason          string
	IdempotencyKey  string
}

// Binding is one current product–device pair.
type Binding struct {
	Product string
	GTIN    string
	Device  identity.Identity
	Since   time.Time
	By      string
	Station string
	EventID string
}

// DeviceHash is the identity hash of the bound device.
func (b Binding) DeviceHash() string { return b.Device.ID() }

// BindRequest asks to bind Device to Product.
type BindRequest struct {
	Product, GTIN  string
	Device         identity.Identity
	Replace        bool // allow breaking existing bindings (a module swap)
	By, Station    string
	Reason         string
	IdempotencyKey string // optional; a repeat returns the first outcome
}

// UnbindRequest removes the binding of Product, or of Device when Product is "".
type UnbindRequest struct {
	Product        string
	Device         identity.Identity
	By, Station    string
	Reason         string
	IdempotencyKey string
}

// Outcome is what a request did.
type Outcome string

const (
	Bound        Outcome = "bound"
	AlreadyBound Outcome = "already_bound" // the pair was bound, or the request is a repeat
	Replaced     Outcome = "replaced"
	Unbound      Outcome = "unbound"
)

// Result is the outcome of a request. Event is nil when nothing was
// recorded (AlreadyBound of a pair bound earlier).
type Result struct {
	Outcome  Outcome
	Event    *Event
	Binding  *Binding // the binding now in force (nil after unbind)
	Previous *Binding // what replace or unbind removed
	Repeat   bool     // the idempotency key was seen: this is the first outcome
}

// Errors of the rules and of the stores.
var (
	ErrNotBound = errors.New("not bound")
	// ErrIdempotencyMismatch: the key was used for another request.
	ErrIdempotencyMismatch = errors.New("idempotency key already used for a different request: use a new key for a new request")
	// ErrUnavailable: the store cannot be reached now; retry later.
	ErrUnavailable = errors.New("ledger unavailable")
	ErrNotFound    = errors.New("not found")
)

// ConflictError refuses a bind that would take a device or a product away
// from its current partner without replace.
type ConflictError struct {
	DeviceBoundElsewhere bool    // the device is bound to another product (else: the product to another device)
	Existing             Binding // the binding that blocks the request
}

func (e *ConflictError) Error() string {
	b := e.Existing
	if e.DeviceBoundElsewhere {
		return fmt.Sprintf("device %s is already bound to product %s (since %s, by %s): replace it (supervisor) to move the module", short(b.DeviceHash()), b.Product, b.Since.UTC().Format(time.RFC3339), b.By)
	}
	return fmt.Sprintf("product %s is already bound to device %s (since %s, by %s): replace the module (supervisor) or unbind it first", b.Product, short(b.DeviceHash()), b.Since.UTC().Format(time.RFC3339), b.By)
}

// Store is a binding ledger.
type Store interface {
	Bind(ctx context.Context, req BindRequest) (Result, error)
	Unbind(ctx context.Context, req UnbindRequest) (Result, error)
	ByProduct(ctx context.Context, product string) (Binding, bool, error)
	ByDevice(ctx context.Context, deviceHash string) (Binding, bool, error)
	// History returns, oldest first, every event about the product or the
	// device (either may be ""), including replacements that displaced them.
	History(ctx context.Context, product, deviceHash string) ([]Event, error)
	// Export calls fn for every event, oldest first, streaming.
	Export(ctx context.Context, fn func(Event) error) error
	// Bindings calls fn for every current binding, sorted by product
	// serial (bytewise), streaming.
	Bindings(ctx context.Context, fn func(Binding) error) error
	Outbox
	Users
	Sessions
	LoginFailures
	// Ping reports whether the store can serve requests now.
	Ping(ctx context.Context) error
	Close() error
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
