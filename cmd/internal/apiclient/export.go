package apiclient

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hwident/hwident/cmd/internal/store"
)

// exportedEvent is one line of GET /api/v1/export (docs/api.md).
type exportedEvent struct {
	EventID string     `json:"event_id"`
	Seq     int64      `json:"seq"`
	Event   store.Kind `json:"event"`
	Product string     `json:"product"`
	GTIN    string     `json:"gtin"`
	Device  struct {
		Identity []wireAttr `json:"identity"`
	} `json:"device"`
	PreviousProduct string `json:"previous_product"`
	PreviousDevice  *struct {
		Identity []wireAttr `json:"identity"`
	} `json:"previous_device"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Station string    `json:"station"`
	Reason  string    `json:"reason"`
	Error   string    `json:"error"`
}

// maxExportLine bounds one line of the export (an event with its identity).
const maxExportLine = 1 << 20

// ErrExportCutShort: the service ended the export before its end (its
// last line is unterminated or says so): what was read is incomplete.
var ErrExportCutShort = errors.New("the service's export was cut short: run it again")

// Export streams every event of the service (GET /api/v1/export, admin
// role), oldest first, to fn.
func (c *Client) Export(ctx context.Context, fn func(store.Event) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Server+"/api/v1/export", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	// The export is long: no whole-request timeout, the context bounds it.
	hc := *c.HTTP
	hc.Timeout = 0
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("GET /api/v1/export: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
		json.Unmarshal(b, &e)
		return &APIError{Status: resp.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
	}
	rd := bufio.NewReaderSize(resp.Body, 64<<10)
	for n := 1; ; n++ {
		line, err := readLine(rd)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("export line %d: %w", n, err)
		}
		var w exportedEvent
		if err := json.Unmarshal(line, &w); err != nil {
			return fmt.Errorf("export line %d: %w", n, err)
		}
		if w.Error != "" {
			return fmt.Errorf("export line %d: %w", n, ErrExportCutShort)
		}
		ev, err := w.event()
		if err != nil {
			return fmt.Errorf("export line %d: %w", n, err)
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
}

// readLine returns the next line without its newline; an unterminated
// last line is ErrExportCutShort, a line over maxExportLine an error.
func readLine(rd *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := rd.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxExportLine {
			return nil, fmt.Errorf("a line longer than %d bytes", maxExportLine)
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(line) == 0:
			return nil, io.EOF
		case err == io.EOF:
			return nil, ErrExportCutShort
		}
		return nil, err
	}
}

func (w exportedEvent) event() (store.Event, error) {
	dev, err := fromWire(w.Device.Identity)
	if err != nil {
		return store.Event{}, err
	}
	ev := store.Event{ID: w.EventID, Seq: w.Seq, Kind: w.Event, Product: w.Product, GTIN: w.GTIN, Device: dev, PreviousProduct: w.PreviousProduct,
		At: w.At, By: w.By, Station: w.Station, Reason: w.Reason}
	if w.PreviousDevice != nil {
		if ev.PreviousDevice, err = fromWire(w.PreviousDevice.Identity); err != nil {
			return store.Event{}, err
		}
	}
	return ev, nil
}

// Bindings calls fn with every current binding of the service, sorted by
// product serial: the fold of its export (store.Fold), the same fold as
// every store's.
func (c *Client) Bindings(ctx context.Context, fn func(store.Binding) error) error {
	fold := store.NewFold()
	if err := c.Export(ctx, func(ev store.Event) error { fold.Add(ev); return nil }); err != nil {
		return err
	}
	for _, b := range fold.Bindings() {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}
