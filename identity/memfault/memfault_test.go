package memfault

import (
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
)

// allowed reports whether s is 1-127 of the bytes memfaultd allows in a
// value (its src/config/utils.rs): letters, digits and extra.
func allowed(s, extra string) bool {
	if len(s) < 1 || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

func TestHardwareVersion(t *testing.T) {
	for in, want := range map[string]string{
		"Raspberry Pi 4 Model B Rev 1.4": "Raspberry-Pi-4-Model-B-Rev-1.4",
		"  ACME Box (rev. C) / 2×USB  ":  "ACME-Box-rev.-C-2-USB",
		"éé":                             "",
		"":                               "",
		"a_b+c.d:e-f":                    "a_b+c.d:e-f",
		strings.Repeat("x", 300):         strings.Repeat("x", 127),
		strings.Repeat("x", 126) + " y":  strings.Repeat("x", 126),
	} {
		if got := HardwareVersion(in); got != want || got != "" && !allowed(got, "_+.:-") {
			t.Errorf("HardwareVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeviceInfo(t *testing.T) {
	id := identity.Identity{{Key: "mac", Value: "dc:a6:32:01:02:03"}}
	if got, want := string(DeviceInfo(id, "Raspberry Pi 4")), "MEMFAULT_DEVICE_ID="+id.ID()+"\nMEMFAULT_HARDWARE_VERSION=Raspberry-Pi-4\n"; got != want {
		t.Errorf("DeviceInfo = %q, want %q", got, want)
	}
	if got, want := string(DeviceInfo(id, "éé")), "MEMFAULT_DEVICE_ID="+id.ID()+"\n"; got != want {
		t.Errorf("DeviceInfo without a usable board name = %q, want %q", got, want)
	}
	if !allowed(id.ID(), "_-") {
		t.Errorf("the identity hash %q is no memfaultd device id", id.ID())
	}
}

// FuzzHardwareVersion: whatever the board name, the result is empty or a
// value memfaultd accepts.
func FuzzHardwareVersion(f *testing.F) {
	f.Add("Raspberry Pi 4 Model B Rev 1.4")
	f.Add("  (rev. C) / 2×USB  ")
	f.Fuzz(func(t *testing.T, name string) {
		if got := HardwareVersion(name); got != "" && !allowed(got, "_+.:-") {
			t.Fatalf("HardwareVersion(%q) = %q", name, got)
		}
	})
}
