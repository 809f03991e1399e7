package hawkbit

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
)

// hawkBitAttribute is hawkBit's own check of a target attribute key or
// value (JpaControllerManagement's pattern and Target's sizes), in Go's
// syntax: Java's \s is [ \t\n\x0B\f\r].
var hawkBitAttribute = regexp.MustCompile(`^[a-zA-Z0-9_\-!@#$%^&*()+=\[\]{}|;:'",.<>/\\? \t\n\x0B\f\r]{0,128}$`)

// readKeyFile reads a key file as GLib and rauc-hawkbit-updater do for
// [client] target_name and [device]: a key ends before '=' (trailing
// spaces dropped), a value starts after the spaces that follow it, and the
// updater strips its trailing white space (g_strchomp). A later group of
// the same name adds to the first; a later key replaces the earlier one.
func readKeyFile(t *testing.T, text string) (target string, device [][2]string) {
	t.Helper()
	group := ""
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		line = strings.TrimLeft(line, " \t")
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			group = line[1 : len(line)-1]
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("GLib refuses line %q", line)
			}
			k, v = strings.TrimRight(k, " \t"), strings.TrimRight(strings.TrimLeft(v, " \t\n\v\f\r"), " \t\n\v\f\r")
			switch group {
			case "client":
				if k == "target_name" {
					target = v
				}
			case "device":
				device = append(device, [2]string{k, v})
			}
		}
	}
	return target, device
}

func TestConfig(t *testing.T) {
	id := identity.Identity{{Key: "mac", Value: "02:00:00:00:00:01"}, {Key: "serial", Value: `SN\back 7`}, {Key: "mac", Value: "02:00:00:00:00:02"}, {Key: "note", Value: "a\nb=c;d#e [f] 50%"}}
	out, err := Config(id)
	if err != nil {
		t.Fatal(err)
	}
	want := "[client]\ntarget_name = " + id.ID() + "\n\n[device]\nmac = 02:00:00:00:00:01, 02:00:00:00:00:02\nserial = SN\\back 7\nnote = a%0Ab=c;d#e [f] 50%25\n"
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	target, device := readKeyFile(t, string(out))
	wantDevice := [][2]string{{"mac", "02:00:00:00:00:01, 02:00:00:00:00:02"}, {"serial", `SN\back 7`}, {"note", "a%0Ab=c;d#e [f] 50%25"}}
	if target != id.ID() || len(device) != len(wantDevice) {
		t.Fatalf("read back %q, %q", target, device)
	}
	for i, d := range device {
		if d != wantDevice[i] || !hawkBitAttribute.MatchString(d[0]) || !hawkBitAttribute.MatchString(d[1]) {
			t.Errorf("[device] %q, want %q, accepted by hawkBit", d, wantDevice[i])
		}
	}
	// The controller id: 64 hex digits, within hawkBit's oldest limit (64).
	if len(target) != 64 || strings.Trim(target, "0123456789abcdef") != "" {
		t.Errorf("target_name %q", target)
	}
}

func TestConfigLimits(t *testing.T) {
	attrs := func(n int) identity.Identity {
		var id identity.Identity
		for i := range n {
			id = append(id, identity.Attr{Key: "k" + strconv.Itoa(i), Value: "v"})
		}
		return id
	}
	tests := []struct {
		name string
		id   identity.Identity
		key  string // the key the error names, "" for no error
		rule rule
	}{
		{"key at the limit", identity.Identity{{Key: strings.Repeat("k", MaxKey), Value: "1"}}, "", 0},
		{"key over the limit", identity.Identity{{Key: strings.Repeat("k", MaxKey+1), Value: "1"}}, strings.Repeat("k", MaxKey+1), ruleKeyLength},
		{"value at the limit", identity.Identity{{Key: "serial", Value: strings.Repeat("S", MaxValue)}}, "", 0},
		{"value over the limit", identity.Identity{{Key: "serial", Value: strings.Repeat("S", MaxValue+1)}}, "serial", ruleValueLength},
		{"encoded value at the limit", identity.Identity{{Key: "raw", Value: strings.Repeat("\x01", MaxValue/3) + "xx"}}, "", 0},
		{"encoded value over the limit", identity.Identity{{Key: "raw", Value: strings.Repeat("\x01", MaxValue/3) + "xxx"}}, "raw", ruleValueLength},
		{"joined values at the limit", identity.Identity{{Key: "mac", Value: strings.Repeat("a", 63)}, {Key: "x", Value: "y"}, {Key: "mac", Value: strings.Repeat("b", 63)}}, "", 0},
		{"joined values over the limit", identity.Identity{{Key: "mac", Value: strings.Repeat("a", 63)}, {Key: "mac", Value: strings.Repeat("b", 64)}}, "mac", ruleValueLength},
		{"attributes at the quota", attrs(MaxAttributes), "", 0},
		{"repeated keys count once", append(attrs(MaxAttributes), identity.Attr{Key: "k0", Value: "w"}), "", 0},
		{"attributes over the quota", attrs(MaxAttributes + 1), "k100", ruleAttributes},
		{"tilde", identity.Identity{{Key: "serial", Value: "SN~1"}}, "serial", ruleCharacter},
		{"backquote", identity.Identity{{Key: "serial", Value: "SN`1"}}, "serial", ruleCharacter},
		{"non-ASCII", identity.Identity{{Key: "vendor", Value: "Grün"}}, "vendor", ruleCharacter},
		{"long non-ASCII is a character error", identity.Identity{{Key: "vendor", Value: strings.Repeat("ü", MaxValue)}}, "vendor", ruleCharacter},
		{"leading space", identity.Identity{{Key: "serial", Value: " SN1"}}, "serial", ruleSpace},
		{"trailing space", identity.Identity{{Key: "serial", Value: "SN1 "}}, "serial", ruleSpace},
		{"space inside, and in joined values", identity.Identity{{Key: "serial", Value: "SN 1"}, {Key: "mac", Value: "a "}, {Key: "mac", Value: " b"}}, "", 0},
		{"invalid UTF-8 is percent-encoded", identity.Identity{{Key: "raw", Value: "\xff\xfe"}}, "", 0},
		{"empty value", identity.Identity{{Key: "serial", Value: ""}}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Config(tc.id)
			if tc.key == "" {
				if err != nil {
					t.Fatalf("Config: %v", err)
				}
				_, device := readKeyFile(t, string(out))
				for _, d := range device {
					if !hawkBitAttribute.MatchString(d[0]) || !hawkBitAttribute.MatchString(d[1]) {
						t.Errorf("hawkBit refuses [device] %q", d)
					}
				}
				return
			}
			var le *LimitError
			if !errors.As(err, &le) || !errors.Is(err, ErrLimit) || le.Key != tc.key || le.rule != tc.rule || out != nil {
				t.Fatalf("Config = %q, %v; want a *LimitError for %q, rule %d", out, err, tc.key, tc.rule)
			}
			msg := err.Error()
			if !strings.Contains(msg, "[device] key ") || !strings.Contains(msg, ": ") || strings.ContainsAny(msg, "\n\x01") {
				t.Errorf("message %q does not name the key, or is not one line", msg)
			}
		})
	}
}

// The messages name the limit and the fix.
func TestLimitErrorMessages(t *testing.T) {
	for _, tc := range []struct {
		id   identity.Identity
		want []string
	}{
		{identity.Identity{{Key: strings.Repeat("k", 129), Value: "1"}}, []string{"129 characters", "at most 128", "shorter key"}},
		{identity.Identity{{Key: "serial", Value: strings.Repeat("S", 129)}}, []string{"serial", "129 characters", "at most 128", "--format id"}},
		{identity.Identity{{Key: "vendor", Value: "Grün"}}, []string{"vendor", `"ü"`, "printable ASCII", "--format id"}},
		{identity.Identity{{Key: "serial", Value: " SN"}}, []string{"serial", "space", "rauc-hawkbit-updater drops", "--format id"}},
	} {
		_, err := Config(tc.id)
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("Config(%.40q): %v; want it to say %q", tc.id, err, w)
			}
		}
	}
}

// FuzzConfig: whatever the identity, Config either refuses it with a
// *LimitError or writes a config the updater reads back as the encoded
// values, every [device] entry accepted by hawkBit.
func FuzzConfig(f *testing.F) {
	f.Add("serial", "SN-0042", "02:00:00:00:00:01")
	f.Add("note", " a\\b\n~", "")
	f.Add(strings.Repeat("k", 130), strings.Repeat("v", 130), "é")
	f.Fuzz(func(t *testing.T, key, value, mac string) {
		if !identity.ValidKey(key) || identity.CheckKey(key) != nil {
			key = "serial"
		}
		id := identity.Identity{{Key: key, Value: value}, {Key: "mac", Value: mac}}
		out, err := Config(id)
		if err != nil {
			var le *LimitError
			if !errors.As(err, &le) || (le.Key != key && le.Key != "mac") {
				t.Fatalf("Config(%q): %v, not a *LimitError naming a key", id, err)
			}
			return
		}
		target, device := readKeyFile(t, string(out))
		if target != id.ID() {
			t.Fatalf("target_name %q", target)
		}
		want := map[string]string{}
		for _, a := range id {
			if v, ok := want[a.Key]; ok {
				want[a.Key] = v + ", " + identity.EncodeValue(a.Value)
			} else {
				want[a.Key] = identity.EncodeValue(a.Value)
			}
		}
		if len(device) != len(want) {
			t.Fatalf("[device] %q, want %q", device, want)
		}
		for _, d := range device {
			if want[d[0]] != d[1] || !hawkBitAttribute.MatchString(d[0]) || !hawkBitAttribute.MatchString(d[1]) {
				t.Fatalf("[device] %q reads back differently (want %q) or hawkBit refuses it", d, want[d[0]])
			}
		}
	})
}

// Config writes keys unescaped, so it takes only identity keys: a key with
// a line break would add a group or key of its own (here a second
// target_name), and an empty identity an empty [device], which the updater
// refuses to start with ("Group 'device' has no keys set").
func TestConfigRefusesInvalidIdentity(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   identity.Identity
		want error
	}{
		{"key with a line break", identity.Identity{{Key: "mac", Value: "1"}, {Key: "x = 1\n[client]\ntarget_name", Value: "evil"}}, nil},
		{"key with =", identity.Identity{{Key: "a=b", Value: "1"}}, nil},
		{"key with [", identity.Identity{{Key: "a[de]", Value: "1"}}, nil},
		{"empty identity", nil, identity.ErrEmptyIdentity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Config(tc.id)
			var ke *identity.KeyError
			if err == nil || out != nil || (tc.want != nil && !errors.Is(err, tc.want)) || (tc.want == nil && !errors.As(err, &ke)) {
				t.Fatalf("Config = %q, %v; want an error (%v)", out, err, tc.want)
			}
		})
	}
}
