package server

import (
	"time"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
)

// The JSON shapes of docs/api.md.

type wireAttr struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	ValuePct string `json:"value_pct,omitempty"` // a value that is not UTF-8, percent-encoded
}

type wireDevice struct {
	IdentitySHA256 string     `json:"identity_sha256"`
	Identity       []wireAttr `json:"identity"`
}

type wireBinding struct {
	Product string     `json:"product"`
	GTIN    string     `json:"gtin,omitempty"`
	Device  wireDevice `json:"device"`
	BoundAt string     `json:"bound_at"`
	BoundBy string     `json:"bound_by"`
	EventID string     `json:"event_id"`
}

type wireEvent struct {
	EventID         string      `json:"event_id"`
	Seq             int64       `json:"seq"`
	Event           store.Kind  `json:"event"`
	Product         string      `json:"product"`
	GTIN            string      `json:"gtin,omitempty"`
	Device          wireDevice  `json:"device"`
	PreviousProduct string      `json:"previous_product,omitempty"`
	PreviousDevice  *wireDevice `json:"previous_device,omitempty"`
	At              string      `json:"at"`
	By              string      `json:"by"`
	Station         string      `json:"station,omitempty"`
	Reason          string      `json:"reason,omitempty"`
}

type wireDelivery struct {
	EventID     string      `json:"event_id"`
	Target      string      `json:"target"`
	State       store.State `json:"state"`
	Attempts    int         `json:"attempts"`
	LastError   string      `json:"last_error,omitempty"`
	NextAttempt string      `json:"next_attempt,omitempty"`
}

func toWireDevice(id identity.Identity) wireDevice {
	attrs := make([]wireAttr, len(id))
	for i, a := range id {
		attrs[i] = wireAttr{Key: a.Key, Value: a.Value}
		if !utf8.ValidString(a.Value) {
			attrs[i] = wireAttr{Key: a.Key, ValuePct: identity.EncodeValue(a.Value)}
		}
	}
	return wireDevice{IdentitySHA256: id.ID(), Identity: attrs}
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func toWireBinding(b store.Binding) wireBinding {
	return wireBinding{Product: b.Product, GTIN: b.GTIN, Device: toWireDevice(b.Device), BoundAt: rfc3339(b.Since), BoundBy: b.By, EventID: b.EventID}
}

func toWireEvent(ev store.Event) wireEvent {
	w := wireEvent{EventID: ev.ID, Seq: ev.Seq, Event: ev.Kind, Product: ev.Product, GTIN: ev.GTIN, Device: toWireDevice(ev.Device),
		PreviousProduct: ev.PreviousProduct, At: rfc3339(ev.At), By: ev.By, Station: ev.Station, Reason: ev.Reason}
	if len(ev.PreviousDevice) > 0 {
		d := toWireDevice(ev.PreviousDevice)
		w.PreviousDevice = &d
	}
	return w
}

func toWireDelivery(d store.Delivery) wireDelivery {
	w := wireDelivery{EventID: d.EventID, Target: d.Target, State: d.State, Attempts: d.Attempts, LastError: d.LastError}
	if d.State == store.Pending && !d.NextAttempt.IsZero() {
		w.NextAttempt = rfc3339(d.NextAttempt)
	}
	return w
}
