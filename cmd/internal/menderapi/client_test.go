package menderapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
)

const testPubkey = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n"

func TestPreauthorize(t *testing.T) {
	srv := mendertest.New()
	defer srv.Close()
	ctx := context.Background()
	c := New(srv.URL, mendertest.GoodToken)
	idData := []byte(`{"mac":["02:00:00:00:00:01","02:00:00:00:00:02"],"serial":"A\u003cB\u0026C"}`)

	id, err := c.Preauthorize(ctx, idData, testPubkey)
	if err != nil {
		t.Fatal(err)
	}
	stored, pubkey, ok := srv.Device(id)
	if !ok || pubkey != testPubkey {
		t.Fatalf("device %q not stored as sent (pubkey %q)", id, pubkey)
	}
	sum := sha256.Sum256(idData)
	if got := mendertest.IdentityHash(stored); got != hex.EncodeToString(sum[:]) {
		t.Errorf("server identity hash %s differs from SHA-256 of the identity data sent", got)
	}

	_, err = c.Preauthorize(ctx, idData, testPubkey)
	var exists *DeviceExistsError
	if !errors.As(err, &exists) || exists.Device.ID != id || !errors.Is(err, ErrConflict) {
		t.Errorf("second preauthorisation: %v, want DeviceExistsError for %s", err, id)
	}

	_, err = New(srv.URL, "expired").Preauthorize(ctx, []byte(`{"mac":"x"}`), testPubkey)
	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("bad token: %v, want ErrUnauthorized", err)
	}
	_, err = New(srv.URL, mendertest.ReadOnlyToken).Preauthorize(ctx, []byte(`{"mac":"x"}`), testPubkey)
	if !errors.Is(err, ErrForbidden) {
		t.Errorf("read-only token: %v, want ErrForbidden", err)
	}
	_, err = c.Preauthorize(ctx, []byte(`{"mac":"y"}`), "not a key")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || ae.Message == "" || ae.RequestID == "" {
		t.Errorf("bad key: %v, want a 400 APIError with message and request id", err)
	}
	if _, err := c.Preauthorize(ctx, []byte(`["mac"]`), testPubkey); err == nil {
		t.Error("identity data that is not an object was sent")
	}
}

// A 201 without Location is a success with an unknown ID, not the ID ".".
func TestPreauthorizeWithoutLocation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	id, err := New(srv.URL, "t").Preauthorize(context.Background(), []byte(`{"mac":"x"}`), testPubkey)
	if err != nil || id != "" {
		t.Errorf("Preauthorize = %q, %v; want \"\", nil", id, err)
	}
}

func TestSearchByIdentity(t *testing.T) {
	srv := mendertest.New()
	defer srv.Close()
	ctx := context.Background()
	c := New(srv.URL, mendertest.GoodToken)
	want := srv.AddDevice(map[string]any{"mac": "02:00:00:00:00:01"})
	srv.AddDevice(map[string]any{"mac": "02:00:00:00:00:01", "serial": "S1"})
	srv.AddDevice(map[string]any{"mac": "02:00:00:00:00:02"})

	idData := []byte(`{"mac":"02:00:00:00:00:01"}`)
	filters, err := IdentityFilters(idData)
	if err != nil {
		t.Fatal(err)
	}
	devs, err := c.Search(ctx, filters)
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) != 2 {
		t.Fatalf("search found %d devices, want 2 (the identity and a superset)", len(devs))
	}
	var exact []string
	for _, d := range devs {
		if d.HasIdentity(idData) {
			exact = append(exact, d.ID)
		}
	}
	if len(exact) != 1 || exact[0] != want {
		t.Errorf("exact identity matches %v, want [%s]", exact, want)
	}
	if _, err := New(srv.URL, "nope").Search(ctx, filters); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("bad token: %v, want ErrUnauthorized", err)
	}
}

func TestSetTag(t *testing.T) {
	srv := mendertest.New()
	defer srv.Close()
	ctx := context.Background()
	c := New(srv.URL, mendertest.GoodToken)
	id := srv.AddDevice(map[string]any{"mac": "02:00:00:00:00:01"})
	tag := Tag{Name: "product_serial", Value: "P1"}

	if changed, err := c.SetTag(ctx, id, tag, false); err != nil || !changed {
		t.Fatalf("first SetTag = %v, %v", changed, err)
	}
	if changed, err := c.SetTag(ctx, id, tag, false); err != nil || changed {
		t.Errorf("SetTag of the same value = %v, %v; want unchanged", changed, err)
	}
	var tc *TagConflictError
	if _, err := c.SetTag(ctx, id, Tag{Name: "product_serial", Value: "P2"}, false); !errors.As(err, &tc) || tc.Current != "P1" {
		t.Errorf("SetTag over another value: %v, want TagConflictError", err)
	}
	if changed, err := c.SetTag(ctx, id, Tag{Name: "product_serial", Value: "P2"}, true); err != nil || !changed {
		t.Errorf("SetTag with overwrite = %v, %v", changed, err)
	}
	if v, _ := srv.Tag(id, "product_serial"); v != "P2" {
		t.Errorf("tag is %q, want P2", v)
	}

	// Two concurrent writes by another station: the If-Match fails twice,
	// the third cycle succeeds and the other station's tag survives.
	races := 2
	srv.BeforeTagWrite = func(s *mendertest.Server, id string) {
		if races > 0 {
			races--
			s.SetTag(id, "location", "line 2")
		}
	}
	before := srv.Requests["PATCH /api/management/v1/inventory/devices/"+id+"/tags"]
	if changed, err := c.SetTag(ctx, id, Tag{Name: "product_serial", Value: "P3"}, true); err != nil || !changed {
		t.Fatalf("SetTag under contention = %v, %v", changed, err)
	}
	if n := srv.Requests["PATCH /api/management/v1/inventory/devices/"+id+"/tags"] - before; n != 3 {
		t.Errorf("%d tag writes, want 3 (two 412s, then success)", n)
	}
	if v, _ := srv.Tag(id, "location"); v != "line 2" {
		t.Errorf("concurrent tag lost: location = %q", v)
	}

	// Endless contention gives up after SetTagAttempts.
	srv.BeforeTagWrite = func(s *mendertest.Server, id string) { s.SetTag(id, "location", "moving") }
	if _, err := c.SetTag(ctx, id, Tag{Name: "product_serial", Value: "P4"}, true); !errors.Is(err, ErrETagMismatch) {
		t.Errorf("endless contention: %v, want ErrETagMismatch", err)
	}
	srv.BeforeTagWrite = nil

	if _, err := c.SetTag(ctx, "dev-9999", tag, false); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown device: %v, want ErrNotFound", err)
	}
	if _, err := New(srv.URL, mendertest.ReadOnlyToken).SetTag(ctx, id, Tag{Name: "x", Value: "y"}, false); !errors.Is(err, ErrForbidden) {
		t.Errorf("read-only token: %v, want ErrForbidden", err)
	}
}

func TestIdentityFiltersRepeatedKey(t *testing.T) {
	got, err := IdentityFilters([]byte(`{"mac":["m1","m2"],"sn":"S"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []FilterPredicate{
		{Scope: "identity", Attribute: "mac", Type: "$eq", Value: "m1"},
		{Scope: "identity", Attribute: "mac", Type: "$eq", Value: "m2"},
		{Scope: "identity", Attribute: "sn", Type: "$eq", Value: "S"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("filters %+v, want %+v", got, want)
	}
	dev := InventoryDevice{Attributes: []Attribute{{Name: "mac", Scope: "identity", Value: []any{"m1", "m2"}}, {Name: "sn", Scope: "identity", Value: "S"}}}
	if !dev.HasIdentity([]byte(`{"mac":["m1","m2"],"sn":"S"}`)) {
		t.Error("HasIdentity false for the same list")
	}
	if dev.HasIdentity([]byte(`{"mac":["m2","m1"],"sn":"S"}`)) {
		t.Error("HasIdentity true for the list in another order (another identity hash)")
	}
}
