package replicate

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
)

// Headers of a webhook delivery (docs/api.md, "Webhooks").
const (
	SignatureHeader = "X-Hwident-Signature" // "sha256=" + hex HMAC-SHA256 of the body under the shared secret
	EventIDHeader   = "X-Hwident-Event-Id"  // the event id, for deduplication
)

// Webhook POSTs each event as JSON to a URL.
type Webhook struct {
	URL    string
	Secret []byte
	HTTP   *http.Client
}

func (h *Webhook) Name() string { return "webhook:" + h.URL }

// WebhookEvent is the JSON body of a delivery.
type WebhookEvent struct {
	EventID         string         `json:"event_id"`
	Seq             int64          `json:"seq"`
	Event           store.Kind     `json:"event"`
	Product         string         `json:"product"`
	GTIN            string         `json:"gtin,omitempty"`
	Device          WebhookDevice  `json:"device"`
	PreviousProduct string         `json:"previous_product,omitempty"`
	PreviousDevice  *WebhookDevice `json:"previous_device,omitempty"`
	At              time.Time      `json:"at"`
	By              string         `json:"by"`
	Station         string         `json:"station,omitempty"`
	Reason          string         `json:"reason,omitempty"`
}

// WebhookDevice is a device of a webhook event; identity_data is the JSON
// object the device's Mender client sends.
type WebhookDevice struct {
	IdentitySHA256 string          `json:"identity_sha256"`
	IdentityData   json.RawMessage `json:"identity_data"`
}

func webhookDevice(id identity.Identity) WebhookDevice {
	return WebhookDevice{IdentitySHA256: id.ID(), IdentityData: id.JSON()}
}

// Body returns the JSON body of an event.
func Body(ev store.Event) ([]byte, error) {
	w := WebhookEvent{EventID: ev.ID, Seq: ev.Seq, Event: ev.Kind, Product: ev.Product, GTIN: ev.GTIN, Device: webhookDevice(ev.Device),
		PreviousProduct: ev.PreviousProduct, At: ev.At.UTC(), By: ev.By, Station: ev.Station, Reason: ev.Reason}
	if len(ev.PreviousDevice) > 0 {
		d := webhookDevice(ev.PreviousDevice)
		w.PreviousDevice = &d
	}
	return json.Marshal(w)
}

// Sign returns the signature header value of body.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header value in constant time.
func Verify(secret, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

func (h *Webhook) Deliver(ctx context.Context, ev store.Event) error {
	body, err := Body(ev)
	if err != nil {
		return fmt.Errorf("%w: encode event: %w", ErrPermanent, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, Sign(h.Secret, body))
	req.Header.Set(EventIDHeader, ev.ID)
	client := h.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	text := ""
	if utf8.Valid(msg) {
		text = ": " + strconv.QuoteToASCII(string(msg))
	}
	// Every non-2xx is retried: a receiver that rejects an event needs
	// fixing, and the event must reach it then.
	return fmt.Errorf("webhook answered %d%s", resp.StatusCode, text)
}
