package store

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/hwident/hwident/identity"
)

// storedAttr is how an identity is kept in a database column: an ordered
// list (order and repeated keys survive), a value that is not UTF-8 as
// value_pct like the file ledger.
type storedAttr struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	ValuePct string `json:"value_pct,omitempty"`
}

func encodeIdentity(id identity.Identity) string {
	if len(id) == 0 {
		return ""
	}
	out := make([]storedAttr, len(id))
	for i, a := range id {
		out[i] = storedAttr{Key: a.Key, Value: a.Value}
		if !utf8.ValidString(a.Value) {
			out[i] = storedAttr{Key: a.Key, ValuePct: identity.EncodeValue(a.Value)}
		}
	}
	b, _ := json.Marshal(out) // strings only: cannot fail
	return string(b)
}

func decodeIdentity(s string) (identity.Identity, error) {
	if s == "" {
		return nil, nil
	}
	var in []storedAttr
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("stored identity: %w", err)
	}
	out := make(identity.Identity, len(in))
	for i, a := range in {
		out[i] = identity.Attr{Key: a.Key, Value: a.Value}
		if a.ValuePct != "" {
			v, err := identity.DecodeValue(a.ValuePct)
			if err != nil {
				return nil, fmt.Errorf("stored identity %q: %w", a.Key, err)
			}
			out[i].Value = v
		}
	}
	return out, nil
}
