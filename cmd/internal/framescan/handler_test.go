package framescan

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
)

func TestHandler(t *testing.T) {
	payload, lbl := labelPNG(t, identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}})
	frame := photo(t, lbl, 1, 1)
	var blank bytes.Buffer
	jpeg.Encode(&blank, image.NewGray(image.Rect(0, 0, 320, 240)), nil)
	tests := []struct {
		name, method, ctype string
		body                []byte
		status              int
		want                string // the JSON reply
	}{
		{"label", "POST", "image/jpeg", frame, 200, `{"found":true,"text":"` + payload + `","format":"QR_CODE"}`},
		{"no code", "POST", "image/jpeg", blank.Bytes(), 200, `{"found":false}`},
		{"GET", "GET", "", nil, 405, `{"error":{"code":"bad_request","message":"send the frame with POST"}}`},
		{"PNG type", "POST", "image/png", frame, 415, `{"error":{"code":"bad_request","message":"send the frame as Content-Type: image/jpeg"}}`},
		{"no type", "POST", "", frame, 415, `{"error":{"code":"bad_request","message":"send the frame as Content-Type: image/jpeg"}}`},
		{"too large", "POST", "image/jpeg", make([]byte, MaxBytes+1), 413, `{"error":{"code":"bad_request","message":"frame larger than 2 MiB: send a downscaled JPEG"}}`},
		{"garbage", "POST", "image/jpeg; charset=binary", []byte("<script>alert(1)</script>"), 400, `{"error":{"code":"bad_request","message":"the frame is not a readable JPEG image: send a JPEG from the camera"}}`},
	}
	h := Handler()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/api/v1/scans/frame", bytes.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if got := strings.TrimSpace(rec.Body.String()); got != tt.want {
				t.Errorf("reply %s\nwant      %s", got, tt.want)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Error("reply is not JSON")
			}
		})
	}
}

// TestHandlerBodyWithoutLength: a chunked body over the limit is cut off at
// the limit, not read to its end.
func TestHandlerBodyWithoutLength(t *testing.T) {
	body := &countingReader{limit: 64 << 20}
	req := httptest.NewRequest("POST", "/api/v1/scans/frame", body)
	req.ContentLength = -1
	req.Header.Set("Content-Type", "image/jpeg")
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
	if body.read > MaxBytes+64<<10 {
		t.Fatalf("read %d bytes of an endless body", body.read)
	}
}

type countingReader struct{ read, limit int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0xff
	}
	r.read += len(p)
	return len(p), nil
}
