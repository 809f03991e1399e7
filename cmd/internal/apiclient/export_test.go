package apiclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hwident/hwident/cmd/internal/store"
)

// TestExportCutShort: an export whose last line is unterminated (the
// service failed midway) or is the service's error line is an error, not
// a shorter ledger.
func TestExportCutShort(t *testing.T) {
	const ev = `{"event_id":"e1","seq":1,"event":"bind","product":"P1","device":{"identity":[{"key":"mac","value":"02:00:00:00:00:01"}]},"at":"2026-12-01T12:00:00Z","by":"ann"}`
	for name, tc := range map[string]struct {
		body string
		n    int
		err  error
	}{
		"whole":      {ev + "\n" + ev + "\n", 2, nil},
		"cut":        {ev + "\n" + ev[:40], 1, ErrExportCutShort},
		"error line": {ev + "\n" + `{"error":"export cut short"`, 1, ErrExportCutShort},
		"empty":      {"", 0, nil},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Path != "/api/v1/export" {
					w.WriteHeader(401)
					return
				}
				io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			n := 0
			err := New(srv.URL, "tok", nil).Export(context.Background(), func(e store.Event) error {
				n++
				if e.Product != "P1" || e.Device.ID() == "" || e.At.IsZero() || e.By != "ann" {
					t.Errorf("event %+v", e)
				}
				return nil
			})
			if n != tc.n || !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Errorf("%d events, %v; want %d, %v", n, err, tc.n, tc.err)
			}
		})
	}
}
