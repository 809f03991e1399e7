package identity

import (
	"errors"
	"strings"
	"testing"
)

// TestReservedKeys: status and id are refused, with the reason, wherever
// identity lines or keys come in: the config, identity lines (label,
// mender, bind and pin input), an identity to preauthorise (the label
// payload has its own test in identity/payload).
func TestReservedKeys(t *testing.T) {
	inputs := []struct {
		name  string
		parse func(key string) error
	}{
		{"config", func(k string) error { _, err := ParseConfig(k + "=net:auto\n"); return err }},
		{"identity lines", func(k string) error { _, err := ParseLines("mac=aa:bb:cc:dd:ee:01\n" + k + "=accepted\n"); return err }},
		{"Validate", func(k string) error { return Identity{{Key: k, Value: "x"}}.Validate() }},
	}
	for _, in := range inputs {
		for _, tc := range []struct {
			key, reason string
		}{
			{"status", "deviceauth"},
			{"id", "device ID"},
		} {
			err := in.parse(tc.key)
			if !errors.Is(err, ErrReservedKey) || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("%s, key %s: %v; want ErrReservedKey with the reason", in.name, tc.key, err)
			}
		}
		for _, ok := range []string{"serial", "status2", "device_id", "mac"} {
			if err := in.parse(ok); errors.Is(err, ErrReservedKey) {
				t.Errorf("%s, key %s: %v", in.name, ok, err)
			}
		}
	}
}
