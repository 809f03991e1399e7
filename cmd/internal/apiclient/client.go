// Package apiclient binds through `hwident serve` (`hwident bind --server
// URL`): POST /api/v1/bindings with an Idempotency-Key, retried with the
// same key when the network or the service fails, so a pair is never
// bound twice nor lost.
package apiclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"

	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
)

// Client calls one service with a bearer token.
type Client struct {
	Server   string // base URL, e.g. https://prov.example.com:8443
	Token    string
	HTTP     *http.Client
	Attempts int           // tries of one request (default 6)
	Pause    time.Duration // first pause between tries, doubled each time (default 250 ms)
}

// New returns a client with bounded timeouts.
func New(server, token string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{Server: strings.TrimRight(server, "/"), Token: token, HTTP: hc}
}

// APIError is an error answer of the service.
type APIError struct {
	Status  int
	Code    string // the stable code of docs/api.md
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("service answered %d %s: %s", e.Status, e.Code, e.Message)
}

type wireAttr struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	ValuePct string `json:"value_pct,omitempty"`
}

type wireBinding struct {
	Product string `json:"product"`
	GTIN    string `json:"gtin"`
	Device  struct {
		Identity []wireAttr `json:"identity"`
	} `json:"device"`
	BoundAt time.Time `json:"bound_at"`
	BoundBy string    `json:"bound_by"`
	EventID string    `json:"event_id"`
}

type wireEvent struct {
	EventID         string     `json:"event_id"`
	Event           store.Kind `json:"event"`
	Product         string     `json:"product"`
	PreviousProduct string     `json:"previous_product"`
	PreviousDevice  *struct {
		Identity []wireAttr `json:"identity"`
	} `json:"previous_device"`
}

func (w wireBinding) binding() (store.Binding, error) {
	dev, err := fromWire(w.Device.Identity)
	return store.Binding{Product: w.Product, GTIN: w.GTIN, Device: dev, Since: w.BoundAt, By: w.BoundBy, EventID: w.EventID}, err
}

func fromWire(attrs []wireAttr) (identity.Identity, error) {
	id := make(identity.Identity, len(attrs))
	for i, a := range attrs {
		id[i] = identity.Attr{Key: a.Key, Value: a.Value}
		if a.ValuePct != "" {
			v, err := identity.DecodeValue(a.ValuePct)
			if err != nil {
				return nil, fmt.Errorf("service sent a bad identity value: %w", err)
			}
			id[i].Value = v
		}
	}
	return id, id.Validate()
}

// newKey returns a random UUID for one pair.
func newKey() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Bind binds req.Device to req.Product through the service. The device is
// sent as identity lines and the product as the serial already
// classified, so the service applies its own checks to the same values.
// A conflict is a *store.ConflictError naming the existing binding.
func (c *Client) Bind(ctx context.Context, req store.BindRequest) (store.Result, error) {
	path := "/api/v1/bindings"
	body := map[string]string{"device": string(req.Device.Mender()), "product": req.Product}
	if req.Replace {
		path += "/replace"
		body["reason"] = req.Reason
		if body["reason"] == "" {
			body["reason"] = "module swap at station " + req.Station
		}
	}
	key := req.IdempotencyKey
	if key == "" {
		key = newKey()
	}
	var resp struct {
		Result   store.Outcome `json:"result"`
		Binding  *wireBinding  `json:"binding"`
		Previous *wireBinding  `json:"previous"`
		Event    *wireEvent    `json:"event"`
		Error    *struct {
			Code    string       `json:"code"`
			Message string       `json:"message"`
			Binding *wireBinding `json:"binding"`
		} `json:"error"`
	}
	status, err := c.post(ctx, path, key, body, &resp)
	if err != nil {
		return store.Result{}, err
	}
	if resp.Error != nil {
		if resp.Error.Code == "conflict" && resp.Error.Binding != nil {
			b, err := resp.Error.Binding.binding()
			if err != nil {
				return store.Result{}, err
			}
			return store.Result{}, &store.ConflictError{DeviceBoundElsewhere: b.Product != req.Product, Existing: b}
		}
		return store.Result{}, &APIError{Status: status, Code: resp.Error.Code, Message: resp.Error.Message}
	}
	res := store.Result{Outcome: resp.Result}
	if resp.Binding != nil {
		b, err := resp.Binding.binding()
		if err != nil {
			return store.Result{}, err
		}
		res.Binding = &b
		if resp.Event != nil {
			ev := store.Event{ID: resp.Event.EventID, Kind: resp.Event.Event, Product: b.Product, GTIN: b.GTIN, Device: b.Device, At: b.Since, By: b.By, PreviousProduct: resp.Event.PreviousProduct}
			if resp.Event.PreviousDevice != nil {
				if ev.PreviousDevice, err = fromWire(resp.Event.PreviousDevice.Identity); err != nil {
					return store.Result{}, err
				}
			}
			res.Event = &ev
		}
	}
	return res, nil
}

// maxResponse bounds what is read of an answer.
const maxResponse = 1 << 20

// post sends body, retrying network errors, 5xx and 429 with the same
// idempotency key; it returns the final status with the answer decoded.
func (c *Client) post(ctx context.Context, path, key string, body any, out any) (int, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	attempts, pause := c.Attempts, c.Pause
	if attempts == 0 {
		attempts = 6
	}
	if pause == 0 {
		pause = 250 * time.Millisecond
	}
	var last error
	for i := range attempts {
		if i > 0 {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(pause):
			}
			pause *= 2
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Server+path, bytes.NewReader(data))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.Token)
		req.Header.Set("Idempotency-Key", key)
		resp, err := c.HTTP.Do(req)
		if err != nil {
			last = fmt.Errorf("POST %s: %w", path, err)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
		resp.Body.Close()
		if err != nil {
			last = fmt.Errorf("POST %s: read answer: %w", path, err)
			continue
		}
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			last = fmt.Errorf("POST %s: service answered %d", path, resp.StatusCode)
			continue
		}
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("POST %s: answer %d is not JSON: %w", path, resp.StatusCode, err)
		}
		return resp.StatusCode, nil
	}
	return 0, fmt.Errorf("%w (gave up after %d tries; the pair may be bound: scan it again to check)", last, attempts)
}
