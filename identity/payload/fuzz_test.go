package payload

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
)

// goldenPayloads returns the frozen payloads, to seed the fuzzers.
func goldenPayloads(f *testing.F) []string {
	data, err := os.ReadFile(filepath.Join("testdata", "payload.golden"))
	if err != nil {
		f.Fatal(err)
	}
	var ps []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		_, p, _ := strings.Cut(line, " ")
		ps = append(ps, p)
	}
	return ps
}

// fuzzKey maps arbitrary bytes onto a valid key.
func fuzzKey(s string) string {
	const keyChars = "abcdefghijklmnopqrstuvwxyz0123456789_.-"
	b := []byte(s)
	for i, c := range b {
		b[i] = keyChars[int(c)%len(keyChars)]
	}
	if len(b) == 0 {
		return "mac"
	}
	return string(b)
}

func FuzzRoundTrip(f *testing.F) {
	for _, c := range payloadCases {
		v2 := ""
		if len(c.id) > 1 {
			v2 = c.id[1].Value
		}
		f.Add(c.id[0].Key, c.id[0].Value, v2)
	}
	f.Fuzz(func(t *testing.T, key, value, value2 string) {
		id := identity.Identity{{Key: fuzzKey(key), Value: value}, {Key: "mac", Value: value2}}
		p, err := Encode(id)
		if err != nil {
			t.Fatalf("Encode(%q): %v", id, err)
		}
		got, err := Decode(strings.ToLower(p) + "\r\n")
		if err != nil {
			t.Fatalf("Decode(%q) of %q: %v", p, id, err)
		}
		if !slices.Equal(got, id) {
			t.Fatalf("round trip of %q via %q gave %q", id, p, got)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, p := range goldenPayloads(f) {
		f.Add(p)
		f.Add("HTTPS://X.EXAMPLE/D/" + p)
		f.Add(p[:len(p)/2])
	}
	f.Fuzz(func(t *testing.T, text string) {
		id, err := Decode(text)
		if err != nil {
			return
		}
		// Whatever decodes is a valid identity that survives a round trip.
		if err := id.Validate(); err != nil {
			t.Fatalf("Decode(%q) = %q, invalid: %v", text, id, err)
		}
		p, err := Encode(id)
		if err != nil {
			t.Fatalf("Encode(%q): %v", id, err)
		}
		again, err := Decode(p)
		if err != nil || !slices.Equal(again, id) {
			t.Fatalf("re-encoded %q as %q, decoded %q, %v", id, p, again, err)
		}
	})
}
