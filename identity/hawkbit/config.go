// Package hawkbit writes a device identity as the part of
// rauc-hawkbit-updater's config file that names the target, within what the
// updater reads unchanged and what a hawkBit server accepts, so that a
// config it writes is never rejected or silently altered on the way (README
// "Other agents" has the limits and their sources). Like identity, it is
// pure: no I/O.
package hawkbit

import (
	"strings"

	"github.com/hwident/hwident/identity"
)

// Config returns target_name in [client] (the identity hash, which hawkBit
// registers the device under as its controller id) and the identity's
// attributes as the [device] section, which the updater sends as the
// target's attributes. A repeated key is one key with its values joined by
// ", " (a key file key holds one value). Values are percent-encoded as in
// the identity (no line break or control byte reaches the file) and written
// as they are: the updater reads [device] values raw (g_key_file_get_value),
// so nothing else is escaped. Keys are written as they are too, so an
// identity that does not Validate is refused with its error (a key with a
// line break would add groups or keys, an empty [device] stops the
// updater); one that does not fit (see checkAttribute) with a *LimitError.
func Config(id identity.Identity) ([]byte, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("[client]\ntarget_name = " + id.ID() + "\n\n[device]\n")
	keys := 0
	for i, a := range id {
		if !firstOfKey(id, i) {
			continue
		}
		if keys++; keys > MaxAttributes {
			return nil, &LimitError{Key: a.Key, rule: ruleAttributes}
		}
		value := joinedValues(id[i:], a.Key)
		if err := checkAttribute(a.Key, value); err != nil {
			return nil, err
		}
		b.WriteString(a.Key + " = " + value + "\n")
	}
	return []byte(b.String()), nil
}

// joinedValues is the encoded values of key in id, in order, joined by ", ".
func joinedValues(id identity.Identity, key string) string {
	var b strings.Builder
	for _, a := range id {
		if a.Key == key {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(identity.EncodeValue(a.Value))
		}
	}
	return b.String()
}

func firstOfKey(id identity.Identity, i int) bool {
	for _, a := range id[:i] {
		if a.Key == id[i].Key {
			return false
		}
	}
	return true
}
