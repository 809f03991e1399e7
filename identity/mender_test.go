package identity

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestEncodeValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff"},
		{"a=b", "a=b"},
		{"50%", "50%25"},
		{"two\nlines", "two%0Alines"},
		{"cr\r", "cr%0D"},
		{"tab\there", "tab%09here"},
		{"del\x7f", "del%7F"},
		{"grüße", "grüße"},
		{"bad\xffutf8", "bad%FFutf8"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := EncodeValue(tt.in); got != tt.want {
			t.Errorf("EncodeValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := DecodeValue(tt.want)
		if err != nil || back != tt.in {
			t.Errorf("DecodeValue(%q) = %q, %v; want %q", tt.want, back, err, tt.in)
		}
	}
}

func TestDecodeValueErrors(t *testing.T) {
	for _, in := range []string{"%", "%4", "%zz", "ab%g0"} {
		_, err := DecodeValue(in)
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Errorf("DecodeValue(%q) error = %v, want *FormatError", in, err)
		}
	}
}

func TestMenderOutput(t *testing.T) {
	id := Identity{{"mac", "b8:27:eb:01:02:03"}, {"serial", "X\nY"}, {"mac", "second"}}
	got := string(id.Mender())
	want := "mac=b8:27:eb:01:02:03\nserial=X%0AY\nmac=second\n"
	if got != want {
		t.Fatalf("Mender() = %q, want %q", got, want)
	}
}

// TestJSONMatchesEncodingJSON checks the hand-written id_data encoder
// against encoding/json, the reference the Mender server uses.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	ids := []Identity{
		{{"mac", "aa:bb:cc:dd:ee:ff"}},
		{{"z", "1"}, {"a", "2"}, {"m", "<&>"}},
		{{"mac", "1"}, {"mac", "2"}, {"sn", "\"quoted\\\""}},
		{{"k", "\u2028\u2029 ü \x01"}},
		{{"k", "bad\xffutf8"}},
	}
	for _, id := range ids {
		if got, want := string(id.JSON()), referenceJSON(t, id); got != want {
			t.Errorf("JSON(%v) = %s, want %s", id, got, want)
		}
	}
}

func referenceJSON(t testing.TB, id Identity) string {
	t.Helper()
	m, err := parseLikeMenderClient(string(id.Mender()))
	if err != nil {
		t.Fatal(err)
	}
	obj := map[string]any{}
	for k, vs := range m {
		if len(vs) == 1 {
			obj[k] = vs[0]
		} else {
			obj[k] = vs
		}
	}
	b, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestIDKnownValue(t *testing.T) {
	// Computed independently: printf '{"mac":"aa:bb:cc:dd:ee:ff"}' | sha256sum
	id := Identity{{"mac", "aa:bb:cc:dd:ee:ff"}}
	if got, want := id.ID(), "ffe455352f5e81357c09d7def7d0d0404150712d7d3e137b35962e9fc4edfa82"; got != want {
		t.Fatalf("ID() = %s, want %s", got, want)
	}
}

// FuzzMenderRoundTrip: whatever bytes a source reads, the Mender client
// sees exactly one attribute per line, with the key intact, and decoding
// the value it sees gives back the original bytes.
func FuzzMenderRoundTrip(f *testing.F) {
	for _, s := range []string{"aa:bb:cc:dd:ee:ff", "", "a\nb", "\r", "%", "x=y", "\n\n", "\xff\xfe", "ü"} {
		f.Add("mac", s, "serial", s+"2")
	}
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		if !ValidKey(k1) || !ValidKey(k2) || k1 == k2 {
			return
		}
		id := Identity{{k1, v1}, {k2, v2}}
		out := string(id.Mender())
		if strings.Contains(out, "\r") || strings.Contains(out, "\n\n") || !strings.HasSuffix(out, "\n") {
			t.Fatalf("output %q has \\r, a blank line or no final newline", out)
		}
		m, err := parseLikeMenderClient(out)
		if err != nil {
			t.Fatalf("client rejects %q: %v", out, err)
		}
		for _, a := range id {
			if len(m[a.Key]) != 1 {
				t.Fatalf("client sees %q as %q", a.Key, m[a.Key])
			}
			back, err := DecodeValue(m[a.Key][0])
			if err != nil || back != a.Value {
				t.Fatalf("value %q came back as %q (%v)", a.Value, back, err)
			}
		}
		if got, want := string(id.JSON()), referenceJSON(t, id); got != want {
			t.Fatalf("JSON %s, want %s", got, want)
		}
		parsed, err := ParseLines(out)
		if err != nil || len(parsed) != 2 || parsed[0] != id[0] || parsed[1] != id[1] {
			t.Fatalf("ParseLines(%q) = %v, %v", out, parsed, err)
		}
	})
}
