package server

import (
	"context"
	"net/http"
	"time"

	"github.com/hwident/hwident/identity/scan"
)

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request, _ *principal) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 503 while the store cannot serve (PostgreSQL down).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *principal) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.opt.Store.Ping(ctx); err != nil {
		s.log.Warn("not ready", "error", err)
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the ledger is unavailable", nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, _ *principal) {
	if s.opt.Page == nil {
		writeError(w, http.StatusNotFound, "not_found", "this build serves no web page: use the API (docs/api.md)", nil)
		return
	}
	s.opt.Page.ServeHTTP(w, r)
}

func (s *Server) frame(w http.ResponseWriter, r *http.Request, _ *principal) {
	if s.opt.FrameDecoder == nil {
		writeError(w, http.StatusNotImplemented, "unavailable", "this build has no server-side frame decoder", nil)
		return
	}
	s.opt.FrameDecoder.ServeHTTP(w, r)
}

type classifyRequest struct {
	Text string `json:"text"`
}

type classifyResponse struct {
	Kind           string     `json:"kind"`
	Identity       []wireAttr `json:"identity,omitempty"`
	IdentitySHA256 string     `json:"identity_sha256,omitempty"`
	Product        string     `json:"product,omitempty"`
	GTIN           string     `json:"gtin,omitempty"`
}

func (s *Server) classify(w http.ResponseWriter, r *http.Request, _ *principal) {
	var req classifyRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	sc, err := s.opt.Classifier.Classify(req.Text)
	if err != nil {
		// Identity lines pasted by hand are a device too.
		if id, derr := s.parseDevice(req.Text); derr == nil {
			d := toWireDevice(id)
			writeJSON(w, http.StatusOK, classifyResponse{Kind: "device", Identity: d.Identity, IdentitySHA256: d.IdentitySHA256})
			return
		}
		writeError(w, http.StatusUnprocessableEntity, "bad_payload", err.Error(), nil)
		return
	}
	if sc.Kind == scan.DeviceLabel {
		d := toWireDevice(sc.Device)
		writeJSON(w, http.StatusOK, classifyResponse{Kind: "device", Identity: d.Identity, IdentitySHA256: d.IdentitySHA256})
		return
	}
	writeJSON(w, http.StatusOK, classifyResponse{Kind: "product", Product: sc.Product, GTIN: sc.GTIN})
}
