package mendertest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"
)

func call(t *testing.T, s *Server, method, path, ifMatch string, body any) *http.Response {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+GoodToken)
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestRealisticBehaviours: what the real services were seen to do.
func TestRealisticBehaviours(t *testing.T) {
	s := New()
	defer s.Close()
	s.InventoryLag = func() time.Duration { return 60 * time.Millisecond }
	pub := "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"
	resp := call(t, s, "POST", "/api/management/v2/devauth/devices", "", map[string]any{"identity_data": map[string]any{"mac": "02:00:00:00:00:01"}, "pubkey": pub})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 201 || loc != "devices/dev-0001" {
		t.Fatalf("preauth: %d, Location %q (relative, as deviceauth sends it)", resp.StatusCode, loc)
	}
	// Inventory does not know the device yet.
	if r := call(t, s, "GET", "/api/management/v1/inventory/devices/dev-0001", "", nil); r.StatusCode != 404 {
		t.Fatalf("inventory right after preauth = %d, want 404", r.StatusCode)
	}
	if r := call(t, s, "PATCH", "/api/management/v1/inventory/devices/dev-0001/tags", "", []map[string]string{{"name": "a", "value": "1"}}); r.StatusCode != 200 {
		t.Fatalf("tag write without If-Match to an unknown device = %d, want 200", r.StatusCode)
	}
	if r := call(t, s, "PATCH", "/api/management/v1/inventory/devices/dev-0001/tags", "x", []map[string]string{{"name": "a", "value": "1"}}); r.StatusCode != 412 {
		t.Fatalf("tag write with If-Match to an unknown device = %d, want 412", r.StatusCode)
	}
	time.Sleep(80 * time.Millisecond)
	if r := call(t, s, "GET", "/api/management/v1/inventory/devices/dev-0001", "", nil); r.StatusCode != 200 {
		t.Fatalf("inventory after the lag = %d", r.StatusCode)
	}
	if len(s.Tags("dev-0001")) != 0 {
		t.Fatal("a write to an unknown device was kept")
	}
	call(t, s, "PUT", "/api/management/v1/inventory/devices/dev-0001/tags", "", []map[string]string{{"name": "a", "value": "1"}, {"name": "b", "value": "2"}})
	r := call(t, s, "GET", "/api/management/v1/inventory/devices/dev-0001", "", nil)
	etag := r.Header.Get("ETag")
	if !uuidRE.MatchString(etag) {
		t.Fatalf("ETag %q, want an unquoted UUID", etag)
	}
	if r := call(t, s, "PUT", "/api/management/v1/inventory/devices/dev-0001/tags", `"`+etag+`"`, []map[string]string{{"name": "b", "value": "2"}}); r.StatusCode != 412 {
		t.Fatalf("quoted ETag = %d, want 412 (compared exactly)", r.StatusCode)
	}
	if r := call(t, s, "PUT", "/api/management/v1/inventory/devices/dev-0001/tags", etag, []map[string]string{{"name": "b", "value": "2"}}); r.StatusCode != 200 {
		t.Fatalf("PUT with the ETag = %d", r.StatusCode)
	}
	if tags := s.Tags("dev-0001"); len(tags) != 1 || tags["b"] != "2" {
		t.Fatalf("PUT replaces the set (removes a): %v", tags)
	}
	if r := call(t, s, "PUT", "/api/management/v1/inventory/devices/dev-0001/group", "", map[string]string{"group": "bad name"}); r.StatusCode != 400 {
		t.Fatalf("invalid group name = %d", r.StatusCode)
	}
	if r := call(t, s, "PUT", "/api/management/v1/inventory/devices/dev-0001/group", "", map[string]string{"group": "fleet-a"}); r.StatusCode != 204 || s.Group("dev-0001") != "fleet-a" {
		t.Fatalf("set group = %d %q", r.StatusCode, s.Group("dev-0001"))
	}
	if r := call(t, s, "DELETE", "/api/management/v1/inventory/devices/dev-0001/group/other", "", nil); r.StatusCode != 404 {
		t.Fatalf("remove from another group = %d", r.StatusCode)
	}
	if r := call(t, s, "DELETE", "/api/management/v1/inventory/devices/dev-0001/group/fleet-a", "", nil); r.StatusCode != 204 || s.Group("dev-0001") != "" {
		t.Fatalf("remove from group = %d", r.StatusCode)
	}
}
