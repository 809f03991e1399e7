// Package menderapi is a small client for the Mender management API calls a
// provisioning station makes: preauthorising a device (deviceauth v2),
// finding a device by its identity (inventory v2 search) and setting
// inventory tags (inventory v1, with If-Match on the tags ETag).
package menderapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hwident/hwident/identity"
)

// Client calls one Mender server with a personal access token.
type Client struct {
	Server string // base URL, e.g. https://hosted.mender.io
	Token  string // personal access token or management JWT
	HTTP   *http.Client
}

// New returns a client with a bounded request timeout that follows no
// redirects (see do).
func New(server, token string) *Client {
	return &Client{Server: strings.TrimRight(server, "/"), Token: token, HTTP: &http.Client{Timeout: 30 * time.Second, CheckRedirect: noRedirects}}
}

// noRedirects makes the client return a redirect as it came: following
// one would send the token to wherever it points (another host or port,
// plain HTTP) and turn a POST into a GET whose 2xx reads as success.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// RedirectError is a 3xx answer to an API call. hwident never follows
// one: give --server the URL the API is really at.
type RedirectError struct {
	Method, Path string
	Status       int
	Location     string // as the server sent it
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s %s: the server redirects (%d) to %s; hwident does not follow redirects, which could carry the token elsewhere: give --server the URL the API is at", e.Method, e.Path, e.Status, identity.Quote(e.Location))
}

// ErrResponseTooLarge: a response body over maxBody.
var ErrResponseTooLarge = errors.New("response too large")

// Sentinel errors an *APIError unwraps to, by HTTP status.
var (
	ErrUnauthorized = errors.New("the server rejected the token (401): check it; personal access tokens expire")
	ErrForbidden    = errors.New("the token is not allowed to do this (403): use a token of a user with device management rights")
	ErrNotFound     = errors.New("not found (404)")
	ErrConflict     = errors.New("conflict (409)")
	ErrETagMismatch = errors.New("changed by someone else meanwhile (412)")
)

// APIError is a response with an unexpected status.
type APIError struct {
	Method    string
	Path      string
	Status    int
	Message   string // the "error" field of Mender's error body, or the body
	RequestID string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: ", e.Method, e.Path)
	if known := e.Unwrap(); known != nil {
		msg += known.Error()
	} else {
		msg += fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Message != "" {
		msg += "; the server says: " + identity.Quote(e.Message)
	} else {
		msg += "; the server sent no message (" + e.statusLine() + ", empty body)"
	}
	if e.RequestID != "" {
		msg += " (request id " + identity.Quote(e.RequestID) + ")"
	}
	return msg
}

// statusLine is the status line as the server's status code gives it.
func (e *APIError) statusLine() string {
	return strings.TrimSpace(fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)))
}

func (e *APIError) Unwrap() error {
	switch e.Status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusPreconditionFailed:
		return ErrETagMismatch
	}
	return nil
}

// maxBody bounds what is read of any response.
const maxBody = 4 << 20

// do sends a JSON request and returns the response with its body read.
// Statuses outside want are an *APIError.
func (c *Client) do(ctx context.Context, method, path string, header http.Header, body any, want ...int) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Server+path, rd)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	// Whatever client was set, redirects are not followed.
	hc := http.Client{Timeout: 30 * time.Second}
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	hc.CheckRedirect = noRedirects
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: read response: %w", method, path, err)
	}
	if len(data) > maxBody {
		return nil, nil, fmt.Errorf("%s %s: %w: more than %d MiB", method, path, ErrResponseTooLarge, maxBody>>20)
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, nil, &RedirectError{Method: method, Path: path, Status: resp.StatusCode, Location: resp.Header.Get("Location")}
	}
	for _, w := range want {
		if resp.StatusCode == w {
			return resp, data, nil
		}
	}
	return resp, data, apiError(method, path, resp, data)
}

func apiError(method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode, RequestID: resp.Header.Get("X-Men-Requestid")}
	var eb struct {
		Error     string `json:"error"`
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(body, &eb) == nil && eb.Error != "" {
		e.Message = eb.Error
		if eb.RequestID != "" {
			e.RequestID = eb.RequestID
		}
	} else if s := strings.TrimSpace(string(body)); s != "" {
		e.Message = s // quoted and cut when printed
	}
	return e
}
