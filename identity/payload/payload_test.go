package payload

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/golden"

	"github.com/hwident/hwident/identity"
)

// payloadCases are fixed identities whose payloads are frozen in
// testdata/payload.golden: a change there is a change of the format.
var payloadCases = []struct {
	name string
	id   identity.Identity
}{
	{"mac", identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}}},
	{"mac-upper", identity.Identity{{Key: "mac", Value: "AA:BB:CC:DD:EE:FF"}}},
	{"two-macs", identity.Identity{{Key: "mac", Value: "00:1b:21:3a:4f:5c"}, {Key: "mac", Value: "dc:a6:32:01:02:03"}}},
	{"mac-serial", identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}, {Key: "serial", Value: "SN2024000123"}}},
	{"emmc-cid", identity.Identity{{Key: "cid", Value: "150100444a5434524102a3e4b2157700"}}},
	{"dmi-uuid", identity.Identity{{Key: "product_uuid", Value: "4c4c4544-0042-3510-8052-b4c04f564433"}}},
	{"rpi-serial", identity.Identity{{Key: "cpuid", Value: "00000000a1b2c3d4"}}},
	{"eui64", identity.Identity{{Key: "eui64", Value: "00:04:a3:ff:fe:12:34:56"}}},
	{"custom-key", identity.Identity{{Key: "board.rev-2_x", Value: "Rev C / 2024"}}},
	{"lowercase-text", identity.Identity{{Key: "hostname", Value: "gateway-yz.local"}}},
	{"empty-value", identity.Identity{{Key: "serial", Value: ""}}},
	{"bytes", identity.Identity{{Key: "raw", Value: "\x00\xff\r\n\t%=é"}}},
	{"all-escapes", identity.Identity{{Key: "serial", Value: "IOZYX iozyx -.:_/,=@#+ mixedCase"}}},
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, c := range payloadCases {
		p, err := Encode(c.id)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b.WriteString(c.name + " " + p + "\n")
	}
	if !golden.Check(t, filepath.Join("testdata", "payload.golden"), []byte(b.String())) {
		t.Error("payloads changed: the format is frozen; -update only for a new version")
	}
}

func TestRoundTrip(t *testing.T) {
	for _, c := range payloadCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Encode(c.id)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < len(p); i++ {
				if !strings.Contains(alphabet, p[i:i+1]) {
					t.Fatalf("payload %q has %q outside the alphabet", p, p[i])
				}
			}
			// Scanners may change case and add terminators; people type I for 1.
			for _, variant := range []string{p, strings.ToLower(p), p + "\r\n", p + "\t", " " + p + "\n",
				strings.NewReplacer("1", "I", "0", "o").Replace(p)} {
				got, err := Decode(variant)
				if err != nil {
					t.Fatalf("decode %q: %v", variant, err)
				}
				if string(got.Mender()) != string(c.id.Mender()) {
					t.Fatalf("decode %q = %q, want %q", variant, got, c.id)
				}
			}
		})
	}
}

// A single-MAC identity must fit QR version 2 at level M: 38 alphanumeric characters.
func TestMACFitsVersion2M(t *testing.T) {
	p, err := Encode(identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p) > 38 {
		t.Errorf("payload %q is %d characters, QR 2-M holds 38", p, len(p))
	}
	p2, err := Encode(identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}, {Key: "mac", Value: "aa:bb:cc:dd:ee:f0"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p2) > 38 {
		t.Errorf("two-MAC payload %q is %d characters, QR 2-M holds 38", p2, len(p2))
	}
}

func TestRejectsEveryTypo(t *testing.T) {
	id := identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}, {Key: "serial", Value: "SN2024000123"}}
	p, err := Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	reject := func(bad string) {
		t.Helper()
		if bad == p {
			return
		}
		got, err := Decode(bad)
		if err == nil {
			t.Errorf("decode %q (from %q) = %q, want an error", bad, p, got)
		}
	}
	for i := 0; i < len(p); i++ {
		for _, c := range alphabet {
			reject(p[:i] + string(c) + p[i+1:])
		}
		for j := i + 1; j <= i+2 && j < len(p); j++ {
			b := []byte(p)
			b[i], b[j] = b[j], b[i]
			reject(string(b))
		}
		reject(p[:i])               // partial scan
		reject(p[:i] + p[i+1:])     // dropped character
		reject(p[:i] + "0" + p[i:]) // doubled or inserted character
	}
}

func TestDecodeErrors(t *testing.T) {
	good, err := Encode(identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       error
	}{
		{"empty", "", ErrNotLabel},
		{"other qr", "WIFI:S:net;;", ErrNotLabel},
		{"short", "HW10", ErrCheck},
		{"bad char", good[:5] + "-" + good[6:], ErrDamaged},
		{"layout swap z", good[:5] + "Z" + good[6:], ErrDamaged},
		{"inner space", good[:5] + " " + good[5:], ErrDamaged},
		{"checksum", good[:len(good)-1] + next(good[len(good)-1]), ErrCheck},
		{"major 2", withCheck("HW20CD0AABBCCDDEEFF"), ErrVersion},
		{"no fields", withCheck("HW10"), ErrDamaged},
		{"unknown tag in known minor", withCheck("HW10G0CD0AABBCCDDEEFF"), ErrDamaged},
		{"unknown attribute tag in newer minor", withCheck("HW11AD0AABBCCDDEEFF"), ErrVersion},
		{"unknown key code in newer minor", withCheck("HW11CDVAABBCCDDEEFF"), ErrVersion},
		{"unknown key code", withCheck("HW10CDVAABBCCDDEEFF"), ErrDamaged},
		{"field too long", withCheck("HW10CF0AABBCCDDEEFF"), ErrDamaged},
		{"length runs off", withCheck("HW10CG"), ErrDamaged},
		{"odd mac", withCheck("HW10CC0AABBCCDDEEF"), ErrDamaged},
		{"short uuid", withCheck("HW10D20A"), ErrDamaged},
		{"hex above F", withCheck("HW10E30AG"), ErrDamaged},
		{"empty hex", withCheck("HW10E12"), ErrDamaged},
		{"key missing", withCheck("HW10F0"), ErrDamaged},
		{"bad escape", withCheck("HW10F31XV"), ErrDamaged},
		{"escape at end", withCheck("HW10F21X"), ErrDamaged},
		{"byte escape short", withCheck("HW10F41XB1"), ErrDamaged},
		{"uppercase custom key", withCheck("HW10F5X3XLA"), ErrDamaged},
		{"url without payload", "https://example.com/d/x", ErrNotLabel},
		{"url with bad payload", "HTTPS://HWIDENT.EXAMPLE/D/" + good[:len(good)-1] + next(good[len(good)-1]), ErrCheck},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.text)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decode(%q) = %q, %v; want %v", tc.text, got, err, tc.want)
			}
		})
	}
}

func TestNewerMinorSkipsInformationalFields(t *testing.T) {
	// minor 1, an informational field G of 3 symbols, then a MAC attribute.
	id, err := Decode(withCheck("HW11G3ABCCD0AABBCCDDEEFF"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "mac=aa:bb:cc:dd:ee:ff\n"; string(id.Mender()) != want {
		t.Errorf("got %q, want %q", id.Mender(), want)
	}
}

func TestEncodeRejectsInvalidIdentity(t *testing.T) {
	for _, id := range []identity.Identity{nil, {{Key: "MAC", Value: "x"}}, {{Key: "", Value: "x"}}, {{Key: "a b", Value: "x"}}} {
		if p, err := Encode(id); err == nil {
			t.Errorf("Encode(%q) = %q, want an error", id, p)
		}
	}
}

func TestURL(t *testing.T) {
	id := identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}}
	p, _ := Encode(id)
	for _, tmpl := range []string{
		"HTTPS://HWIDENT.EXAMPLE.COM/D/{payload}",
		"https://provision.example.com/bind?id={payload}&src=label",
		"https://hw.example/hwx/{payload}#hwfoo",
	} {
		u, err := URL(tmpl, id)
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		if !strings.Contains(u, p) || strings.Contains(u, Placeholder) {
			t.Errorf("URL(%s) = %s, want the payload %s in it", tmpl, u, p)
		}
		for _, variant := range []string{u, strings.ToLower(u), u + "\r\n"} {
			got, err := Decode(variant)
			if err != nil || string(got.Mender()) != string(id.Mender()) {
				t.Errorf("Decode(%q) = %q, %v", variant, got, err)
			}
		}
	}
	for _, bad := range []string{"HTTPS://X/D", "X/{payload}", "HTTPS://X/{payload}/{payload}", "HTTPS://X/ID{payload}", "HTTPS://X/{payload}2"} {
		if _, err := URL(bad, id); !errors.Is(err, ErrURLTemplate) {
			t.Errorf("URL(%q) error = %v, want ErrURLTemplate", bad, err)
		}
	}
}

// withCheck appends the check symbols to a hand-built payload prefix.
func withCheck(body string) string {
	syms := make([]byte, len(body))
	for i := range body {
		syms[i] = byte(symbolValue(body[i]))
	}
	syms = appendCheck(syms)
	for i, s := range syms {
		syms[i] = alphabet[s]
	}
	return string(syms)
}

// next returns the alphabet symbol after c, wrapping around.
func next(c byte) string {
	i := strings.IndexByte(alphabet, c)
	return alphabet[(i+1)%len(alphabet) : (i+1)%len(alphabet)+1]
}

// A repeated key is one field per value, in identity order, also when other
// keys come between: the decoded identity has the same Mender lines and so
// the same id_data list and identity hash.
func TestRepeatedKeysKeepOrder(t *testing.T) {
	id := identity.Identity{{Key: "mac", Value: "dc:a6:32:01:02:03"}, {Key: "serial", Value: "S1"}, {Key: "mac", Value: "00:1b:21:3a:4f:5c"}, {Key: "mac", Value: "dc:a6:32:01:02:03"}}
	p, err := Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Mender()) != string(id.Mender()) || got.ID() != id.ID() {
		t.Errorf("decoded %q (id %s), want %q (id %s)", got.Mender(), got.ID(), id.Mender(), id.ID())
	}
	if want := `{"mac":["dc:a6:32:01:02:03","00:1b:21:3a:4f:5c","dc:a6:32:01:02:03"],"serial":"S1"}`; string(got.JSON()) != want {
		t.Errorf("JSON %s, want %s", got.JSON(), want)
	}
}

// The keys the Mender server reserves are refused on a label too, with the
// reason (identity.CheckKey).
func TestEncodeRefusesReservedKeys(t *testing.T) {
	for _, key := range []string{"status", "id"} {
		if p, err := Encode(identity.Identity{{Key: key, Value: "x"}}); !errors.Is(err, identity.ErrReservedKey) {
			t.Errorf("Encode(%s=x) = %q, %v; want ErrReservedKey", key, p, err)
		}
	}
	if _, err := Encode(identity.Identity{{Key: "status2", Value: "x"}}); err != nil {
		t.Errorf("Encode(status2=x): %v", err)
	}
}
