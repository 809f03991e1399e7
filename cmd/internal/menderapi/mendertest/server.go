// Package mendertest is an in-memory Mender server for tests: the
// management API calls of package menderapi, with the request and response
// shapes and error statuses of Mender's published API documents
// (deviceauth management v2, inventory management v1 and v2) and the
// identity hashing of the deviceauth service. No live server was used.
package mendertest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
)

// Tokens the server knows.
const (
	GoodToken     = "good-token"
	ReadOnlyToken = "read-only-token" // valid, but not allowed to change anything
)

// Server is a running fake Mender server.
type Server struct {
	*httptest.Server

	mu      sync.Mutex
	devices map[string]*device // by device ID
	nextID  int
	// BeforeTagWrite, when set, runs before each tags write is applied, to
	// let a test change the tags as a concurrent station would.
	BeforeTagWrite func(s *Server, id string)
	// Requests counts requests by "METHOD path".
	Requests map[string]int
}

type device struct {
	id       string
	idHash   string
	idData   map[string]any
	pubkey   string
	status   string
	tags     map[string]string
	tagsEtag string
	etagSeq  int
}

// New starts a server; close it with Close.
func New() *Server {
	s := &Server{devices: map[string]*device{}, Requests: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/management/v2/devauth/devices", s.preauth)
	mux.HandleFunc("POST /api/management/v2/inventory/filters/search", s.search)
	mux.HandleFunc("GET /api/management/v1/inventory/devices/{id}", s.inventoryDevice)
	mux.HandleFunc("PATCH /api/management/v1/inventory/devices/{id}/tags", s.tags)
	mux.HandleFunc("PUT /api/management/v1/inventory/devices/{id}/tags", s.tags)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.Requests[r.Method+" "+r.URL.Path]++
		s.mu.Unlock()
		switch strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") {
		case GoodToken:
		case ReadOnlyToken:
			if r.Method != http.MethodGet && !strings.HasSuffix(r.URL.Path, "/search") {
				writeError(w, http.StatusForbidden, "Forbidden")
				return
			}
		default:
			writeError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		mux.ServeHTTP(w, r)
	}))
	return s
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Men-Requestid", "req-1")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg, "request_id": "req-1"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// IdentityHash is what deviceauth stores for identity data it received as
// a JSON object: SHA-256 of json.Marshal of the decoded map.
func IdentityHash(idData map[string]any) string {
	b, _ := json.Marshal(idData)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (s *Server) preauth(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Force        bool           `json:"force"`
		IdentityData map[string]any `json:"identity_data"`
		PubKey       string         `json:"pubkey"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "failed to decode preauth request: "+err.Error())
		return
	}
	if len(req.IdentityData) == 0 || req.PubKey == "" {
		writeError(w, http.StatusBadRequest, "failed to decode preauth request: identity_data: cannot be blank; pubkey: cannot be blank.")
		return
	}
	if !strings.Contains(req.PubKey, "-----BEGIN PUBLIC KEY-----") {
		writeError(w, http.StatusBadRequest, "failed to decode preauth request: cannot decode public key")
		return
	}
	h := IdentityHash(req.IdentityData)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.devices {
		if d.idHash == h {
			writeJSON(w, http.StatusConflict, map[string]any{"id": d.id, "identity_data": d.idData, "status": d.status})
			return
		}
	}
	s.nextID++
	d := &device{id: fmt.Sprintf("dev-%04d", s.nextID), idHash: h, idData: req.IdentityData, pubkey: req.PubKey, status: "preauthorized", tags: map[string]string{}}
	s.devices[d.id] = d
	w.Header().Set("Location", "devices/"+d.id)
	w.WriteHeader(http.StatusCreated)
}

// attributes is the device's inventory: identity scope (with the status
// deviceauth adds) and tags.
func (d *device) attributes() []map[string]any {
	var out []map[string]any
	for k, v := range d.idData {
		out = append(out, map[string]any{"name": k, "scope": "identity", "value": v})
	}
	out = append(out, map[string]any{"name": "status", "scope": "identity", "value": d.status})
	for k, v := range d.tags {
		out = append(out, map[string]any{"name": k, "scope": "tags", "value": v, "timestamp": "2026-11-23T18:00:00Z"})
	}
	return out
}

func (d *device) value(scope, name string) (any, bool) {
	for _, a := range d.attributes() {
		if a["scope"] == scope && a["name"] == name {
			return a["value"], true
		}
	}
	return nil, false
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
		Filters []struct {
			Scope     string `json:"scope"`
			Attribute string `json:"attribute"`
			Type      string `json:"type"`
			Value     any    `json:"value"`
		} `json:"filters"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "failed to parse request body: "+err.Error())
		return
	}
	for _, f := range req.Filters {
		if f.Scope == "" || f.Attribute == "" || f.Type != "$eq" && f.Type != "$nin" || f.Value == nil {
			writeError(w, http.StatusBadRequest, "attribute: cannot be blank; scope: cannot be blank; type: must be a valid value.")
			return
		}
	}
	if req.Page < 1 {
		req.Page = 1
	}
	if req.PerPage < 1 {
		req.PerPage = 10
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	matches := []map[string]any{}
	for _, d := range s.devices {
		ok := true
		for _, f := range req.Filters {
			v, has := d.value(f.Scope, f.Attribute)
			if f.Type == "$eq" && (!has || !mongoEq(v, f.Value)) {
				ok = false
			}
		}
		if ok {
			matches = append(matches, map[string]any{"id": d.id, "attributes": d.attributes(), "updated_ts": "2026-11-23T18:00:00Z"})
		}
	}
	w.Header().Set("X-Total-Count", fmt.Sprint(len(matches)))
	lo := min((req.Page-1)*req.PerPage, len(matches))
	hi := min(lo+req.PerPage, len(matches))
	writeJSON(w, http.StatusOK, matches[lo:hi])
}

func (s *Server) inventoryDevice(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devices[r.PathValue("id")]
	if !ok {
		writeError(w, http.StatusNotFound, "Device not found")
		return
	}
	if d.tagsEtag != "" {
		w.Header().Set("ETag", d.tagsEtag)
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": d.id, "attributes": d.attributes(), "updated_ts": "2026-11-23T18:00:00Z"})
}

func (s *Server) tags(w http.ResponseWriter, r *http.Request) {
	var tags []struct {
		Name        string `json:"name"`
		Value       string `json:"value"`
		Description string `json:"description"`
	}
	if err := json.NewDecoder(r.Body).Decode(&tags); err != nil {
		writeError(w, http.StatusBadRequest, "failed to decode request body: "+err.Error())
		return
	}
	id := r.PathValue("id")
	if hook := s.BeforeTagWrite; hook != nil {
		hook(s, id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devices[id]
	if !ok {
		writeError(w, http.StatusNotFound, "Device not found")
		return
	}
	if m := r.Header.Get("If-Match"); m != "" && m != d.tagsEtag {
		writeError(w, http.StatusPreconditionFailed, "ETag does not match")
		return
	}
	if r.Method == http.MethodPut {
		d.tags = map[string]string{}
	}
	for _, t := range tags {
		if t.Name == "" {
			writeError(w, http.StatusBadRequest, "name: cannot be blank.")
			return
		}
		d.tags[t.Name] = t.Value
	}
	d.bumpEtag()
	w.WriteHeader(http.StatusOK)
}

func (d *device) bumpEtag() {
	d.etagSeq++
	d.tagsEtag = fmt.Sprintf("etag-%s-%d", d.id, d.etagSeq)
}

// SetTag changes a tag directly, as another station or a user would.
func (s *Server) SetTag(id, name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.devices[id]; ok {
		d.tags[name] = value
		d.bumpEtag()
	}
}

// Tag returns a device's tag value.
func (s *Server) Tag(id, name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devices[id]
	if !ok {
		return "", false
	}
	v, ok := d.tags[name]
	return v, ok
}

// Device returns the stored identity data and public key of a device.
func (s *Server) Device(id string) (idData map[string]any, pubkey string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devices[id]
	if !ok {
		return nil, "", false
	}
	return d.idData, d.pubkey, true
}

// AddDevice adds an accepted device with identity data, as if it had
// connected, and returns its ID.
func (s *Server) AddDevice(idData map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	d := &device{id: fmt.Sprintf("dev-%04d", s.nextID), idHash: IdentityHash(idData), idData: idData, status: "accepted", tags: map[string]string{}}
	s.devices[d.id] = d
	return d.id
}

// mongoEq is MongoDB's {field: {$eq: want}}, which the inventory builds from a
// filter: equal values, or a list field holding want as an element.
func mongoEq(field, want any) bool {
	if reflect.DeepEqual(field, want) {
		return true
	}
	list, ok := field.([]any)
	if !ok {
		return false
	}
	for _, v := range list {
		if reflect.DeepEqual(v, want) {
			return true
		}
	}
	return false
}
