package store

import (
	"context"
	"time"
)

// State of one event's delivery to one target.
type State string

const (
	Pending   State = "pending"
	Delivered State = "delivered"
	Failed    State = "failed" // given up (a permanent error); kept for the operator
)

// Delivery is the replication state of one event to one target.
type Delivery struct {
	EventID     string
	Target      string
	State       State
	Attempts    int
	LastError   string
	NextAttempt time.Time
}

// Attempt is the outcome of one delivery attempt.
type Attempt struct {
	EventID     string
	Target      string
	State       State     // Delivered, Failed, or Pending to retry at NextAttempt
	Error       string    // why it failed
	NextAttempt time.Time // for Pending
}

// QueueStats describe what waits to be delivered to one target.
type QueueStats struct {
	Target string
	Depth  int
	Oldest time.Time // of the oldest pending event; zero when Depth is 0
}

// Outbox is the replication queue. A target registered once receives every
// event recorded from then on, whoever records it (any serve instance or CLI
// station): the outbox entries are written with the event.
type Outbox interface {
	RegisterTarget(ctx context.Context, target string) error
	// Due returns up to limit pending events for target whose next attempt
	// is at or before now, oldest first, with their delivery state. Where
	// several processes share the queue, the events are claimed for lease:
	// hidden from the others until then, so a worker that dies mid-batch
	// leaves them to be retried once the lease ends.
	Due(ctx context.Context, target string, now time.Time, limit int, lease time.Duration) ([]DueEvent, error)
	RecordAttempt(ctx context.Context, a Attempt) error
	// Deliveries returns the delivery state of an event to every target.
	Deliveries(ctx context.Context, eventID string) ([]Delivery, error)
	Queue(ctx context.Context) ([]QueueStats, error)
}

// DueEvent is an event to deliver and its delivery so far.
type DueEvent struct {
	Event    Event
	Delivery Delivery
}
