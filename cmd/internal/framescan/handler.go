package framescan

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"runtime"
)

// Handler serves POST /api/v1/scans/frame: the body is one JPEG frame
// (Content-Type image/jpeg, at most MaxBytes), the reply is a Result as
// JSON. Errors are the service's JSON errors ({"error":{"code","message"}}).
// Authentication is the caller's: the service mounts the handler behind its
// session check. At most one decode per CPU runs at a time, so a burst of
// frames queues instead of multiplying the memory in use; a frame whose
// client has gone is not decoded.
func Handler() http.Handler {
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "bad_request", "send the frame with POST")
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "image/jpeg" {
			writeError(w, http.StatusUnsupportedMediaType, "bad_request", "send the frame as Content-Type: image/jpeg")
			return
		}
		if r.ContentLength > MaxBytes {
			writeError(w, http.StatusRequestEntityTooLarge, "bad_request", "frame larger than 2 MiB: send a downscaled JPEG")
			return
		}
		frame, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBytes))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			writeError(w, http.StatusRequestEntityTooLarge, "bad_request", "frame larger than 2 MiB: send a downscaled JPEG")
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, "bad_request", "frame not received completely: send it again")
			return
		}
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-r.Context().Done():
			return
		}
		res, err := Decode(frame)
		var dim *DimensionError
		switch {
		case errors.As(err, &dim):
			writeError(w, http.StatusRequestEntityTooLarge, "bad_request", dim.Error())
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, "bad_request", "the frame is not a readable JPEG image: send a JPEG from the camera")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(res) // a write error means the client left
	})
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, msg
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(e)
}
