package menderapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"

	"github.com/hwident/hwident/identity"
)

// Attribute is a scoped inventory attribute. Value is a string, a number
// or a list of them.
type Attribute struct {
	Name        string `json:"name"`
	Scope       string `json:"scope"`
	Value       any    `json:"value"`
	Description string `json:"description,omitempty"`
}

// InventoryDevice is a device of the inventory API.
type InventoryDevice struct {
	ID         string      `json:"id"`
	Attributes []Attribute `json:"attributes"`
}

// Attribute returns the attribute of the given scope and name.
func (d InventoryDevice) Attribute(scope, name string) (Attribute, bool) {
	for _, a := range d.Attributes {
		if a.Scope == scope && a.Name == name {
			return a, true
		}
	}
	return Attribute{}, false
}

// FilterPredicate is one term of an inventory search.
type FilterPredicate struct {
	Scope     string `json:"scope"`
	Attribute string `json:"attribute"`
	Type      string `json:"type"`
	Value     any    `json:"value"`
}

// searchPageSize and searchMaxPages bound a search: an identity matches
// one device, a few at most.
const (
	searchPageSize = 100
	searchMaxPages = 10
)

// Search returns the devices matching all filters (POST
// /api/management/v2/inventory/filters/search), reading every page.
func (c *Client) Search(ctx context.Context, filters []FilterPredicate) ([]InventoryDevice, error) {
	var all []InventoryDevice
	for page := 1; page <= searchMaxPages; page++ {
		body := map[string]any{"page": page, "per_page": searchPageSize, "filters": filters}
		_, data, err := c.do(ctx, http.MethodPost, "/api/management/v2/inventory/filters/search", nil, body, http.StatusOK)
		if err != nil {
			return nil, err
		}
		var devs []InventoryDevice
		if err := json.Unmarshal(data, &devs); err != nil {
			return nil, fmt.Errorf("inventory search: decode response: %w", err)
		}
		for _, d := range devs {
			if err := checkDeviceID(d.ID); err != nil {
				return nil, fmt.Errorf("inventory search: %w", err)
			}
		}
		all = append(all, devs...)
		if len(devs) < searchPageSize {
			return all, nil
		}
	}
	return nil, fmt.Errorf("inventory search matched more than %d devices: narrow the identity", searchPageSize*searchMaxPages)
}

// identityScope is where deviceauth copies a device's identity data in the
// inventory; it adds the device's admission status there too.
const identityScope = "identity"

// IdentityFilters returns search filters that match the identity data
// (a JSON object as the device sends it) attribute by attribute.
//
// A repeated key is a list in the identity data, and deviceauth stores it in
// the inventory as that list. The inventory passes a filter's value to
// MongoDB as {attributes.identity-KEY.value: {$eq: VALUE}}, where a scalar
// matches any list holding it; so a list gets one $eq per element (the terms
// are ANDed), which finds the device whatever the server does with a list
// operand. HasIdentity then checks the list exactly, order included.
func IdentityFilters(identityData []byte) ([]FilterPredicate, error) {
	m, err := decodeIdentity(identityData)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]FilterPredicate, 0, len(keys))
	for _, k := range keys {
		list, isList := m[k].([]any)
		if !isList {
			out = append(out, FilterPredicate{Scope: identityScope, Attribute: k, Type: "$eq", Value: m[k]})
			continue
		}
		for _, v := range list {
			out = append(out, FilterPredicate{Scope: identityScope, Attribute: k, Type: "$eq", Value: v})
		}
	}
	return out, nil
}

// HasIdentity reports whether the device's identity-scope attributes are
// exactly identityData: a search also matches devices whose identity has
// more attributes.
func (d InventoryDevice) HasIdentity(identityData []byte) bool {
	m, err := decodeIdentity(identityData)
	if err != nil {
		return false
	}
	got := map[string]any{}
	for _, a := range d.Attributes {
		if a.Scope == identityScope && a.Name != "status" {
			got[a.Name] = a.Value
		}
	}
	delete(m, "status")
	return reflect.DeepEqual(got, m)
}

func decodeIdentity(identityData []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(identityData, &m); err != nil || m == nil {
		return nil, errors.New("identity data must be a JSON object")
	}
	return m, nil
}

// Device returns a device's inventory and the ETag of its tags ("" when it
// never had tags), GET /api/management/v1/inventory/devices/{id}.
func (c *Client) Device(ctx context.Context, id string) (InventoryDevice, string, error) {
	resp, data, err := c.do(ctx, http.MethodGet, "/api/management/v1/inventory/devices/"+url.PathEscape(id), nil, nil, http.StatusOK)
	if err != nil {
		return InventoryDevice{}, "", err
	}
	var d InventoryDevice
	if err := json.Unmarshal(data, &d); err != nil {
		return InventoryDevice{}, "", fmt.Errorf("inventory device %s: decode response: %w", identity.Quote(id), err)
	}
	return d, resp.Header.Get("ETag"), nil
}

// Tag is an inventory attribute of the "tags" scope.
type Tag struct {
	Name        string `json:"name"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
}

// AddTags upserts tags (PATCH .../devices/{id}/tags), only if the tags
// still have etag (If-Match; omitted when etag is ""). A mismatch is an
// *APIError wrapping ErrETagMismatch.
func (c *Client) AddTags(ctx context.Context, id, etag string, tags []Tag) error {
	h := http.Header{}
	if etag != "" {
		h.Set("If-Match", etag)
	}
	_, _, err := c.do(ctx, http.MethodPatch, "/api/management/v1/inventory/devices/"+url.PathEscape(id)+"/tags", h, tags, http.StatusOK)
	return err
}
