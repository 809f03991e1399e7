//go:build !identityonly

package machine

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// TestInventory: the attributes in their order, and each failing source
// skipped on its own while the others are still reported.
func TestInventory(t *testing.T) {
	id := identity.Identity{{Key: "serial", Value: "SN-1"}}
	ok := func(*identity.Config) (identity.Identity, error) { return id, nil }
	broken := func(*identity.Config) (identity.Identity, error) { return nil, errors.New("no hardware") }
	tests := []struct {
		name    string
		files   map[string]string
		resolve func(*identity.Config) (identity.Identity, error)
		keys    []string // the attribute keys, in order
		skipped []string // what each skipped message starts with
	}{
		{"serial and identity", map[string]string{"data/hwident/product-serial": "PRD-1\n", "sys/class/dmi/id/board_name": "Board X\n"}, ok,
			[]string{InventoryProductSerial, InventoryIdentityHash, "board_name"}, nil},
		{"no serial stored: no attribute, nothing skipped", map[string]string{"etc/hwident.conf": "serial=file:/etc/sn\n"}, ok,
			[]string{InventoryIdentityHash}, nil},
		{"identity fails on its own", map[string]string{"data/hwident/product-serial": "PRD-1\n"}, broken,
			[]string{InventoryProductSerial}, []string{"identity: no hardware"}},
		{"bad config: the hardware facts still", map[string]string{"etc/hwident.conf": "not a config\n", "sys/class/dmi/id/board_name": "Board X\n"}, ok,
			[]string{"board_name"}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attrs, skipped := At(boards.Write(t, tt.files)).Inventory("", tt.resolve)
			var keys []string
			for _, a := range attrs {
				keys = append(keys, a.Key)
			}
			if !slices.Equal(keys, tt.keys) {
				t.Errorf("keys %q, want %q (attrs %q)", keys, tt.keys, attrs)
			}
			if len(skipped) != len(tt.skipped) {
				t.Fatalf("skipped %q, want %d", skipped, len(tt.skipped))
			}
			for i, s := range skipped {
				if !strings.HasPrefix(s, tt.skipped[i]) {
					t.Errorf("skipped[%d] %q, want it to start with %q", i, s, tt.skipped[i])
				}
			}
			if slices.Contains(keys, InventoryIdentityHash) && attrs[slices.Index(keys, InventoryIdentityHash)].Value != id.ID() {
				t.Errorf("identity hash %q, want %q", attrs[slices.Index(keys, InventoryIdentityHash)].Value, id.ID())
			}
		})
	}
}
