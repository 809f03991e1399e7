package server

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/hwident/hwident/cmd/internal/store"
)

// maxBody bounds a JSON request body; scans and serials are far shorter.
const maxBody = 64 << 10

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.Encode(v) // the client went away if this fails
}

type apiError struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Binding *wireBinding `json:"binding,omitempty"`
}

func writeError(w http.ResponseWriter, status int, code, msg string, b *wireBinding) {
	writeJSON(w, status, map[string]apiError{"error": {Code: code, Message: msg, Binding: b}})
}

// decodeJSON reads a bounded JSON body of known fields into v; false (and
// the error written) when it cannot.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, "bad_request", "send Content-Type: application/json", nil)
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "bad_request", "request body larger than 64 KiB", nil)
			return false
		}
		writeError(w, http.StatusBadRequest, "bad_request", "request body is not the JSON object this endpoint takes: "+err.Error(), nil)
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		writeError(w, http.StatusBadRequest, "bad_request", "request body has data after the JSON object", nil)
		return false
	}
	return true
}

// writeStoreError maps a store error to its status and stable code.
func writeStoreError(w http.ResponseWriter, log *slog.Logger, err error) {
	var ce *store.ConflictError
	switch {
	case errors.As(err, &ce):
		b := toWireBinding(ce.Existing)
		writeError(w, http.StatusConflict, "conflict", ce.Error(), &b)
	case errors.Is(err, store.ErrNotBound), errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", err.Error(), nil)
	case errors.Is(err, store.ErrIdempotencyMismatch):
		writeError(w, http.StatusUnprocessableEntity, "bad_request", err.Error(), nil)
	case errors.Is(err, store.ErrBadRequest):
		writeError(w, http.StatusBadRequest, "bad_request", err.Error(), nil)
	case errors.Is(err, store.ErrUnavailable):
		log.Warn("ledger unavailable", "error", err)
		w.Header().Set("Retry-After", "2")
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the ledger is unavailable: nothing was recorded; retry with the same Idempotency-Key", nil)
	default:
		log.Error("ledger", "error", err)
		writeError(w, http.StatusInternalServerError, "internal", "internal error (see the service log): retry with the same Idempotency-Key", nil)
	}
}
