package store

import (
	"testing"

	"github.com/hwident/hwident/identity"
)

// FuzzStoredIdentity: every valid identity survives the database column
// form byte for byte, and no column text makes decoding panic.
func FuzzStoredIdentity(f *testing.F) {
	f.Add("mac", "02:00:00:00:00:01", `[{"key":"a","value":"b"}]`)
	f.Add("sn", "\xff\xfe%", `[{"key":"a","value":"","value_pct":"%zz"}]`)
	f.Fuzz(func(t *testing.T, k, v, column string) {
		decodeIdentity(column)
		id := identity.Identity{{Key: k, Value: v}}
		if id.Validate() != nil {
			return
		}
		got, err := decodeIdentity(encodeIdentity(id))
		if err != nil || len(got) != 1 || got[0] != id[0] {
			t.Fatalf("%q -> %q, %v", id, got, err)
		}
	})
}
