package machine

import (
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// TestResolvePin is the @pin decision that identity, show and inventory
// share: which identity is emitted, and why.
func TestResolvePin(t *testing.T) {
	const pinned = "serial=SN-1\n"
	pinFile := string(identity.EncodePin(identity.Identity{{Key: "serial", Value: "SN-1"}}))
	tests := []struct {
		name    string
		config  string
		serial  string // "" = no serial file: the hardware cannot be read
		pin     string // pin file contents; "" = none, "dir" = a directory
		want    Pin
		emitted string
		fails   bool
	}{
		{"no @pin", "serial=file:/etc/serial\n", "SN-1", "", Unpinned, "serial=SN-1\n", false},
		{"no @pin, unreadable", "serial=file:/etc/serial\n", "", "", Unpinned, "", true},
		{"nothing pinned yet", "serial=file:/etc/serial\n@pin /data/pin\n", "SN-1", "", PinMissing, "serial=SN-1\n", false},
		{"nothing pinned, unreadable", "serial=file:/etc/serial\n@pin /data/pin\n", "", "", PinMissing, "", true},
		{"pin matches", "serial=file:/etc/serial\n@pin /data/pin\n", "SN-1", pinFile, PinMatches, pinned, false},
		{"drift", "serial=file:/etc/serial\n@pin /data/pin\n", "SN-2", pinFile, PinDrift, pinned, false},
		{"hardware unreadable", "serial=file:/etc/serial\n@pin /data/pin\n", "", pinFile, PinUnreadHW, pinned, false},
		{"corrupt pin", "serial=file:/etc/serial\n@pin /data/pin\n", "SN-1", "not an identity", PinBroken, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"etc/hwident.conf": tc.config}
			if tc.serial != "" {
				files["etc/serial"] = tc.serial + "\n"
			}
			if tc.pin != "" {
				files["data/pin"] = tc.pin
			}
			m := At(boards.Write(t, files))
			cfg, err := m.LoadConfig("")
			if err != nil {
				t.Fatal(err)
			}
			r, err := m.Resolve(cfg)
			if r.Pin != tc.want || (err != nil) != tc.fails || string(r.Identity.Mender()) != tc.emitted && !tc.fails {
				t.Errorf("pin %d, emits %q, error %v; want pin %d, %q, failing %t", r.Pin, r.Identity.Mender(), err, tc.want, tc.emitted, tc.fails)
			}
		})
	}
}
