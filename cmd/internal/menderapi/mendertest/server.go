// Package mendertest is an in-memory Mender server for tests: the
// management API calls of package menderapi, with the request and response
// shapes and error statuses of Mender's published API documents
// (deviceauth management v2, inventory management v1 and v2) and the
// identity hashing of the deviceauth service. No live server was used.
package mendertest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mathrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
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
	// InventoryLag is how long a preauthorised or newly connected device
	// stays invisible to the inventory API (deviceauth copies the identity
	// asynchronously; 40–90 ms was seen on real servers). Default: random
	// in that range.
	InventoryLag func() time.Duration
	// Fault, when set, may answer a request with an error status (after
	// delay, to make a client time out) instead of serving it; status 0
	// serves it.
	Fault func(r *http.Request) (status int, delay time.Duration)
}

type device struct {
	id       string
	idHash   string
	idData   map[string]any
	pubkey   string
	status   string
	tags     map[string]string
	tagsEtag string
	group    string
	visible  time.Time // when inventory knows the device
}

// inInventory reports whether the inventory service knows d yet.
func (d *device) inInventory() bool { return !time.Now().Before(d.visible) }

// groupName is what Mender accepts as a static group name.
var groupName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// New starts a server; close it with Close.
func New() *Server {
	s := &Server{devices: map[string]*device{}, Requests: map[string]int{},
		InventoryLag: func() time.Duration { return 40*time.Millisecond + mathrand.N(50*time.Millisecond) }}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/management/v1/inventory/devices/{id}/group", s.getGroup)
	mux.HandleFunc("PUT /api/management/v1/inventory/devices/{id}/group", s.putGroup)
	mux.HandleFunc("DELETE /api/management/v1/inventory/devices/{id}/group/{name}", s.deleteGroup)
	mux.HandleFunc("GET /api/management/v1/inventory/groups/{name}/devices", s.groupDevices)
	mux.HandleFunc("POST /api/management/v2/devauth/devices", s.preauth)
	mux.HandleFunc("POST /api/management/v2/inventory/filters/search", s.search)
	mux.HandleFunc("GET /api/management/v1/inventory/devices/{id}", s.inventoryDevice)
	mux.HandleFunc("PATCH /api/management/v1/inventory/devices/{id}/tags", s.tags)
	mux.HandleFunc("PUT /api/management/v1/inventory/devices/{id}/tags", s.tags)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.Requests[r.Method+" "+r.URL.Path]++
		fault := s.Fault
		s.mu.Unlock()
		if fault != nil {
			if status, delay := fault(r); status != 0 || delay > 0 {
				select {
				case <-time.After(delay):
				case <-r.Context().Done():
					return
				}
				if status != 0 {
					writeError(w, status, http.StatusText(status))
					return
				}
			}
		}
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
	d := &device{id: fmt.Sprintf("dev-%04d", s.nextID), idHash: h, idData: req.IdentityData, pubkey: req.PubKey, status: "preauthorized", tags: map[string]string{},
		visible: time.Now().Add(s.InventoryLag())}
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
	ids := make([]string, 0, len(s.devices))
	for id := range s.devices {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		d := s.devices[id]
		ok := d.inInventory()
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
	d, ok := s.inventoryDeviceOf(w, r)
	if !ok {
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
	if !ok || !d.inInventory() {
		// Inventory answers a write to a device it does not know with 200
		// (and keeps nothing), unless If-Match asks for a version: 412.
		if r.Header.Get("If-Match") != "" {
			writeError(w, http.StatusPreconditionFailed, "ETag does not match")
			return
		}
		w.WriteHeader(http.StatusOK)
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

// bumpEtag gives the tags a new version: an unquoted random UUID, as
// inventory sends it (compared exactly, not as an HTTP entity tag).
func (d *device) bumpEtag() {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	d.tagsEtag = fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (s *Server) getGroup(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.inventoryDeviceOf(w, r)
	if !ok {
		return
	}
	var g any
	if d.group != "" {
		g = d.group
	}
	writeJSON(w, http.StatusOK, map[string]any{"group": g})
}

func (s *Server) putGroup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Group string `json:"group"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !groupName.MatchString(req.Group) {
		writeError(w, http.StatusBadRequest, "group: must be in a valid format.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.inventoryDeviceOf(w, r)
	if !ok {
		return
	}
	d.group = req.Group
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devices[r.PathValue("id")]
	if !ok || !d.inInventory() || d.group != r.PathValue("name") {
		writeError(w, http.StatusNotFound, "Device group not found")
		return
	}
	d.group = ""
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) groupDevices(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := []string{}
	for id, d := range s.devices {
		if d.group == r.PathValue("name") && d.inInventory() {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		writeError(w, http.StatusNotFound, "group not found")
		return
	}
	sort.Strings(ids)
	writeJSON(w, http.StatusOK, ids)
}

// Group returns a device's static group ("" for none).
func (s *Server) Group(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.devices[id]; ok {
		return d.group
	}
	return ""
}

// SetGroup puts a device into a static group, as a user would.
func (s *Server) SetGroup(id, group string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.devices[id]; ok {
		d.group = group
	}
}

// Tags returns a copy of a device's tags.
func (s *Server) Tags(id string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	if d, ok := s.devices[id]; ok {
		for k, v := range d.tags {
			out[k] = v
		}
	}
	return out
}

// ConnectDevice adds an accepted device that has just connected: like
// AddDevice, but inventory knows it only after InventoryLag.
func (s *Server) ConnectDevice(idData map[string]any) string {
	return s.addDevice(idData, s.InventoryLag())
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
func (s *Server) AddDevice(idData map[string]any) string { return s.addDevice(idData, 0) }

func (s *Server) addDevice(idData map[string]any, lag time.Duration) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	d := &device{id: fmt.Sprintf("dev-%04d", s.nextID), idHash: IdentityHash(idData), idData: idData, status: "accepted", tags: map[string]string{},
		visible: time.Now().Add(lag)}
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

// inventoryDeviceOf is the device of the request's {id} as inventory knows
// it (deviceauth's copy arrives only later); it answers 404 itself when
// there is none. The caller holds s.mu.
func (s *Server) inventoryDeviceOf(w http.ResponseWriter, r *http.Request) (*device, bool) {
	d, ok := s.devices[r.PathValue("id")]
	if !ok || !d.inInventory() {
		writeError(w, http.StatusNotFound, "Device not found")
		return nil, false
	}
	return d, true
}
