// Package identity is the pure model of a device identity: ordered key=value
// attributes, their validation, and the encodings Mender and its server use.
// It does no I/O. The label payload codec (identity/payload) and the station's
// scan classification (identity/scan) are packages of their own.
package identity

import (
	"encoding/hex"
	"strconv"
)

// Attr is one identity attribute. Value is the raw value as read from the
// hardware; encodings escape it as needed.
type Attr struct {
	Key   string
	Value string
}

// Identity is an ordered list of attributes; the order is the output order.
// A key may repeat (Mender turns a repeated key into a list).
type Identity []Attr

// ValidKey reports whether k is an attribute key hwident accepts: [a-z0-9_.-]+.
func ValidKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// Validate checks that every key is valid. Values are checked by the source
// that produced them (see CheckValue), not here, so that decoded identities
// from labels round-trip exactly.
func (id Identity) Validate() error {
	if len(id) == 0 {
		return ErrEmptyIdentity
	}
	for i, a := range id {
		if err := CheckKey(a.Key); err != nil {
			return &KeyError{Index: i, Key: a.Key, Err: err}
		}
	}
	return nil
}

// ID is the identity hash the Mender server stores and matches
// preauthorisations against: lowercase hex SHA-256 of the canonical id_data.
func (id Identity) ID() string {
	sum := sum256(id.JSON())
	return hex.EncodeToString(sum[:])
}

// KeyError reports an attribute key outside [a-z0-9_.-]+ or one the
// Mender server reserves (Err wraps ErrReservedKey).
type KeyError struct {
	Index int
	Key   string
	Err   error // what CheckKey says
}

func (e *KeyError) Error() string {
	return "attribute " + strconv.Itoa(e.Index+1) + ": " + e.Err.Error()
}

func (e *KeyError) Unwrap() error { return e.Err }
