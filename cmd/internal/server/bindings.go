package server

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/scan"
)

// parseDevice reads a device label payload, or identity lines (key=value,
// one per line) as `hwident identity` prints them.
func (s *Server) parseDevice(text string) (identity.Identity, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("no device: scan the module's label or paste its identity lines")
	}
	if sc, err := s.opt.Classifier.Classify(text); err == nil && sc.Kind == scan.DeviceLabel {
		return sc.Device, nil
	} else if strings.Contains(text, "=") && !strings.Contains(text, "://") {
		id, lerr := identity.ParseLines(text)
		if lerr == nil {
			if verr := id.Validate(); verr == nil {
				return id, nil
			} else {
				lerr = verr
			}
		}
		return nil, errors.New("not a device label nor valid identity lines: " + lerr.Error())
	} else if err != nil {
		return nil, errors.New("not a device label: " + err.Error())
	}
	return nil, errors.New("this is a product serial, not a device label: scan the module's label")
}

// parseProduct classifies a product scan or typed serial like `hwident bind`.
func (s *Server) parseProduct(text string) (scan.Result, error) {
	sc, err := s.opt.Classifier.Classify(text)
	if err != nil {
		return scan.Result{}, err
	}
	if sc.Kind != scan.ProductSerial {
		return scan.Result{}, errors.New("this is a device label, not a product serial: scan the product's serial")
	}
	return sc, nil
}

type bindRequest struct {
	Device  string `json:"device"`
	Product string `json:"product"`
	Reason  string `json:"reason"`
}

type bindResponse struct {
	Result   store.Outcome `json:"result"`
	Binding  *wireBinding  `json:"binding,omitempty"`
	Previous *wireBinding  `json:"previous,omitempty"`
	Event    *wireEvent    `json:"event,omitempty"`
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 200

func idempotencyKey(w http.ResponseWriter, r *http.Request, required bool) (string, bool) {
	k := r.Header.Get("Idempotency-Key")
	switch {
	case k == "" && required:
		writeError(w, http.StatusBadRequest, "bad_request", "send an Idempotency-Key header (a new UUID per pair, the same one when retrying)", nil)
		return "", false
	case len(k) > maxIdempotencyKey:
		writeError(w, http.StatusBadRequest, "bad_request", "Idempotency-Key longer than 200 bytes", nil)
		return "", false
	}
	return k, true
}

func (s *Server) bind(w http.ResponseWriter, r *http.Request, p *principal) { s.doBind(w, r, p, false) }

func (s *Server) replace(w http.ResponseWriter, r *http.Request, p *principal) {
	s.doBind(w, r, p, true)
}

func (s *Server) doBind(w http.ResponseWriter, r *http.Request, p *principal, replace bool) {
	key, ok := idempotencyKey(w, r, !replace)
	if !ok {
		return
	}
	var req bindRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	if replace && strings.TrimSpace(req.Reason) == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "a replace needs a reason (why the module was swapped)", nil)
		return
	}
	if !replace && req.Reason != "" {
		writeError(w, http.StatusBadRequest, "bad_request", "a bind takes no reason", nil)
		return
	}
	dev, err := s.parseDevice(req.Device)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "bad_payload", err.Error(), nil)
		return
	}
	prod, err := s.parseProduct(req.Product)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "bad_product", err.Error(), nil)
		return
	}
	res, err := s.opt.Store.Bind(r.Context(), store.BindRequest{Product: prod.Product, GTIN: prod.GTIN, Device: dev, Replace: replace,
		By: p.user, Station: s.opt.Station, Reason: strings.TrimSpace(req.Reason), IdempotencyKey: key})
	if err != nil {
		if errors.As(err, new(*store.ConflictError)) {
			s.metrics.conflicts.Inc()
		}
		writeStoreError(w, s.log, err)
		return
	}
	s.metrics.binds.WithLabelValues(string(res.Outcome)).Inc()
	s.recorded(res)
	status := http.StatusOK
	if res.Outcome == store.Bound && !res.Repeat {
		status = http.StatusCreated
	}
	writeJSON(w, status, toBindResponse(res))
}

func toBindResponse(res store.Result) bindResponse {
	out := bindResponse{Result: res.Outcome}
	if res.Binding != nil {
		b := toWireBinding(*res.Binding)
		out.Binding = &b
	}
	if res.Previous != nil {
		b := toWireBinding(*res.Previous)
		out.Previous = &b
	}
	if res.Event != nil {
		e := toWireEvent(*res.Event)
		out.Event = &e
	}
	return out
}

type unbindRequest struct {
	Product string `json:"product"`
	Device  string `json:"device"`
	Reason  string `json:"reason"`
}

func (s *Server) unbind(w http.ResponseWriter, r *http.Request, p *principal) {
	key, ok := idempotencyKey(w, r, false)
	if !ok {
		return
	}
	var req unbindRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	if strings.TrimSpace(req.Reason) == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "an unbind needs a reason (scrapped, returned, …)", nil)
		return
	}
	ur := store.UnbindRequest{By: p.user, Station: s.opt.Station, Reason: strings.TrimSpace(req.Reason), IdempotencyKey: key}
	switch {
	case req.Product != "" && req.Device != "":
		writeError(w, http.StatusBadRequest, "bad_request", "give the product or the device, not both", nil)
		return
	case req.Product != "":
		prod, err := s.parseProduct(req.Product)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, "bad_product", err.Error(), nil)
			return
		}
		ur.Product = prod.Product
	default:
		dev, err := s.parseDevice(req.Device)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, "bad_payload", err.Error(), nil)
			return
		}
		ur.Device = dev
	}
	res, err := s.opt.Store.Unbind(r.Context(), ur)
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	s.metrics.binds.WithLabelValues(string(res.Outcome)).Inc()
	s.recorded(res)
	writeJSON(w, http.StatusOK, toBindResponse(res))
}

// recorded tells the Recorded hook about a new event.
func (s *Server) recorded(res store.Result) {
	if res.Event != nil && !res.Repeat && s.opt.Recorded != nil {
		s.opt.Recorded()
	}
}

type findResponse struct {
	Binding     *wireBinding   `json:"binding"`
	History     []wireEvent    `json:"history"`
	Replication []wireDelivery `json:"replication"`
}

// maxQuery bounds the q parameter of find.
const maxQuery = 4096

func isIdentityHash(q string) bool {
	b, err := hex.DecodeString(q)
	return err == nil && len(b) == 32 && strings.ToLower(q) == q
}

func (s *Server) find(w http.ResponseWriter, r *http.Request, _ *principal) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" || len(q) > maxQuery {
		writeError(w, http.StatusBadRequest, "bad_request", "give q: a product serial, a device label or an identity hash", nil)
		return
	}
	ctx := r.Context()
	var product, hash string
	if isIdentityHash(q) {
		hash = q
	} else if sc, err := s.opt.Classifier.Classify(q); err == nil && sc.Kind == scan.DeviceLabel {
		hash = sc.Device.ID()
	} else if err == nil {
		product = sc.Product
	} else {
		writeError(w, http.StatusUnprocessableEntity, "bad_product", "q is no product serial, device label or identity hash: "+err.Error(), nil)
		return
	}
	var b store.Binding
	var found bool
	var err error
	if product != "" {
		b, found, err = s.opt.Store.ByProduct(ctx, product)
	} else {
		b, found, err = s.opt.Store.ByDevice(ctx, hash)
	}
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	hist, err := s.opt.Store.History(ctx, product, hash)
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	if !found && len(hist) == 0 {
		writeError(w, http.StatusNotFound, "not_found", "nothing was ever bound to "+identity.Quote(q), nil)
		return
	}
	resp := findResponse{History: []wireEvent{}, Replication: []wireDelivery{}}
	if found {
		wb := toWireBinding(b)
		resp.Binding = &wb
	}
	for _, ev := range hist {
		resp.History = append(resp.History, toWireEvent(ev))
	}
	// Replication of the latest events (the older ones are long delivered).
	from := max(0, len(hist)-10)
	for _, ev := range hist[from:] {
		ds, err := s.opt.Store.Deliveries(ctx, ev.ID)
		if err != nil {
			writeStoreError(w, s.log, err)
			return
		}
		for _, d := range ds {
			resp.Replication = append(resp.Replication, toWireDelivery(d))
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) eventReplication(w http.ResponseWriter, r *http.Request, _ *principal) {
	ds, err := s.opt.Store.Deliveries(r.Context(), r.PathValue("id"))
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	out := []wireDelivery{}
	for _, d := range ds {
		out = append(out, toWireDelivery(d))
	}
	writeJSON(w, http.StatusOK, map[string]any{"replication": out})
}

type wireQueue struct {
	Target       string  `json:"target"`
	Depth        int     `json:"depth"`
	Oldest       string  `json:"oldest,omitempty"`
	OldestAgeSec float64 `json:"oldest_age_seconds,omitempty"`
}

func (s *Server) replicationQueue(w http.ResponseWriter, r *http.Request, _ *principal) {
	qs, err := s.opt.Store.Queue(r.Context())
	if err != nil {
		writeStoreError(w, s.log, err)
		return
	}
	out := []wireQueue{}
	for _, q := range qs {
		wq := wireQueue{Target: q.Target, Depth: q.Depth}
		if q.Depth > 0 {
			wq.Oldest, wq.OldestAgeSec = rfc3339(q.Oldest), s.opt.Now().Sub(q.Oldest).Seconds()
		}
		out = append(out, wq)
	}
	writeJSON(w, http.StatusOK, map[string]any{"queues": out})
}

// export streams every event as JSON lines; a failure midway ends the
// stream without its last newline, which a reader notices.
func (s *Server) export(w http.ResponseWriter, r *http.Request, _ *principal) {
	w.Header().Set("Content-Type", "application/jsonl")
	w.Header().Set("Cache-Control", "no-store")
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	n := 0
	err := s.opt.Store.Export(r.Context(), func(ev store.Event) error {
		n++
		if n%1000 == 0 {
			bw.Flush()
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
		}
		return enc.Encode(toWireEvent(ev))
	})
	if err != nil {
		if n == 0 {
			writeStoreError(w, s.log, err)
			return
		}
		s.log.Error("export cut short", "error", err, "events", n)
		bw.WriteString(`{"error":"export cut short"`) // no newline: a truncated last line
	}
	bw.Flush()
}
