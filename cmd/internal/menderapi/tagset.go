package menderapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
)

// ReplaceTags sets the device's whole tag set to fn(current) with a PUT
// and If-Match on the tags' ETag, reading again when someone changed them
// meanwhile. Mender has no per-tag DELETE: removing a tag is a PUT of the
// remaining set. changed is false when fn left the set as it was.
func (c *Client) ReplaceTags(ctx context.Context, id string, fn func(tags map[string]string)) (changed bool, err error) {
	for range SetTagAttempts {
		dev, etag, err := c.Device(ctx, id)
		if err != nil {
			return false, err
		}
		cur := map[string]string{}
		for _, a := range dev.Attributes {
			if a.Scope == "tags" {
				cur[a.Name] = fmt.Sprint(a.Value)
			}
		}
		want := map[string]string{}
		for k, v := range cur {
			want[k] = v
		}
		fn(want)
		if equalTags(cur, want) {
			return false, nil
		}
		tags := make([]Tag, 0, len(want))
		for k, v := range want {
			tags = append(tags, Tag{Name: k, Value: v})
		}
		sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
		h := http.Header{}
		if etag != "" {
			h.Set("If-Match", etag)
		}
		_, _, err = c.do(ctx, http.MethodPut, "/api/management/v1/inventory/devices/"+url.PathEscape(id)+"/tags", h, tags, http.StatusOK)
		if errors.Is(err, ErrETagMismatch) {
			continue
		}
		if err != nil {
			return false, err
		}
		// Inventory answers 200 to a write without If-Match for a device
		// it does not know, and keeps nothing: read the tags back.
		if err := c.checkTags(ctx, id, want); err != nil {
			return false, err
		}
		return true, nil
	}
	return false, fmt.Errorf("device %s: tags changed %d times while writing them; try again: %w", id, SetTagAttempts, ErrETagMismatch)
}

func equalTags(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Group returns the device's static group, "" when it has none.
func (c *Client) Group(ctx context.Context, id string) (string, error) {
	_, data, err := c.do(ctx, http.MethodGet, "/api/management/v1/inventory/devices/"+url.PathEscape(id)+"/group", nil, nil, http.StatusOK)
	if err != nil {
		return "", err
	}
	var g struct {
		Group *string `json:"group"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return "", fmt.Errorf("device %s group: %w", id, err)
	}
	if g.Group == nil {
		return "", nil
	}
	return *g.Group, nil
}

// SetGroup moves the device into a static group (a device is in at most one).
func (c *Client) SetGroup(ctx context.Context, id, group string) error {
	_, _, err := c.do(ctx, http.MethodPut, "/api/management/v1/inventory/devices/"+url.PathEscape(id)+"/group", nil, map[string]string{"group": group}, http.StatusNoContent)
	return err
}

// ErrTagsNotKept: the server accepted a tags write but does not show it.
var ErrTagsNotKept = errors.New("the server answered 200 but did not keep the tags (inventory may not know the device yet): try again")

func (c *Client) checkTags(ctx context.Context, id string, want map[string]string) error {
	dev, _, err := c.Device(ctx, id)
	if err != nil {
		return err
	}
	got := map[string]string{}
	for _, a := range dev.Attributes {
		if a.Scope == "tags" {
			got[a.Name] = fmt.Sprint(a.Value)
		}
	}
	if !equalTags(got, want) {
		return fmt.Errorf("device %s: %w", id, ErrTagsNotKept)
	}
	return nil
}
