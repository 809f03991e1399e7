package menderapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestNoRedirects: a redirect is an error naming where it pointed; the
// token never reaches the other end, and a POST never becomes a GET.
func TestNoRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(http.StatusCreated) // what a redirected POST turned GET used to read as success
	}))
	defer other.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Go's client drops headers with control bytes; U+202E (right-to-left
			// override) gets through and turns text around on a terminal.
			w.Header().Set("Location", other.URL+"/x\u202e")
			w.WriteHeader(status)
		}))
		c := New(srv.URL, "secret")
		_, errPost := c.Preauthorize(context.Background(), []byte(`{"mac":"x"}`), testPubkey)
		_, _, errGet := c.Device(context.Background(), "dev-1")
		// A client set from outside does not follow them either.
		c.HTTP = &http.Client{}
		_, _, errCustom := c.Device(context.Background(), "dev-1")
		for _, err := range []error{errPost, errGet, errCustom} {
			var re *RedirectError
			if !errors.As(err, &re) || re.Status != status || !strings.Contains(err.Error(), other.URL) || strings.Contains(err.Error(), "\u202e") {
				t.Errorf("%d: %v, want a RedirectError naming the location, escaped", status, err)
			}
		}
		srv.Close()
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("%d requests reached the redirect target", n)
	}
}

// TestServerTextEscaped: nothing the server sends reaches a terminal
// unescaped, and a 409 without a body says what the server did send.
func TestServerTextEscaped(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		header  map[string]string
		body    string
		want    string // in the error
		exists  bool   // a *DeviceExistsError
		tooBig  bool
		preauth bool
	}{
		{name: "control characters", status: 400, body: `{"error":"bad\u001b[2J\u0007key","request_id":"r\u001b1"}`, want: `"bad\x1b[2J\akey"`},
		{name: "plain text body", status: 500, body: "oops\x1b]0;pwned\x07", want: `"oops\x1b]0;pwned\a"`},
		{name: "409 without a body", status: 409, body: "", want: "409 Conflict, empty body", preauth: true},
		{name: "409 with an empty object", status: 409, body: "{}", want: `"{}"`, preauth: true},
		{name: "409 naming the device", status: 409, body: `{"id":"d\u001b1","status":"pre\u001b"}`, want: `"d\x1b1"`, exists: true, preauth: true},
		{name: "odd device id", status: 201, header: map[string]string{"Location": "devices/a\u202eb"}, want: `"a\u202eb"`, preauth: true},
		{name: "huge body", status: 200, body: strings.Repeat("x", maxBody+1), tooBig: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header()[k] = []string{v}
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := New(srv.URL, "t")
			var err error
			if tt.preauth {
				_, err = c.Preauthorize(context.Background(), []byte(`{"mac":"x"}`), testPubkey)
			} else {
				_, _, err = c.Device(context.Background(), "dev-1")
			}
			if err == nil {
				t.Fatal("no error")
			}
			var exists *DeviceExistsError
			if errors.As(err, &exists) != tt.exists {
				t.Errorf("DeviceExistsError %v, want %v: %v", !tt.exists, tt.exists, err)
			}
			if tt.tooBig != errors.Is(err, ErrResponseTooLarge) {
				t.Errorf("%v: want ErrResponseTooLarge %v", err, tt.tooBig)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.ContainsAny(msg, "\x1b\x07\u202e") || len(msg) > 600 {
				t.Errorf("error %.300q, want it to contain %q and no control characters", msg, tt.want)
			}
		})
	}
}

func TestParseServer(t *testing.T) {
	tests := []struct {
		in       string
		insecure bool
		want     string // "" : refused
	}{
		{"https://hosted.mender.io/", false, "https://hosted.mender.io"},
		{"https://mender.example.com:8443/base", false, "https://mender.example.com:8443/base"},
		{"http://127.0.0.1:8080", false, "http://127.0.0.1:8080"},
		{"http://[::1]:8080", false, "http://[::1]:8080"},
		{"http://localhost:8080", false, "http://localhost:8080"},
		{"http://mender.example.com", false, ""},
		{"http://10.0.0.1", false, ""},
		{"http://127.0.0.1.example.com", false, ""},
		{"http://mender.example.com", true, "http://mender.example.com"},
		{"ftp://mender.example.com", true, ""},
		{"https://user:pw@mender.example.com", false, ""},
		{"https://mender.example.com/?x=1", false, ""},
		{"https://", false, ""},
		{"mender.example.com", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		got, err := ParseServer(tt.in, tt.insecure)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ParseServer(%q, %v) = %q, %v; want %q", tt.in, tt.insecure, got, err, tt.want)
		}
	}
	if _, err := ParseServer("http://mender.example.com", false); !errors.Is(err, ErrPlainHTTP) {
		t.Errorf("plain http: %v, want ErrPlainHTTP", err)
	}
}
