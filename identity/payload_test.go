package identity

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/golden"
)

// payloadCases are fixed identities whose payloads are frozen in
// testdata/payload.golden: a change there is a change of the format.
var payloadCases = []struct {
	name string
	id   Identity
}{
	{"mac", Identity{{"mac", "aa:bb:cc:dd:ee:ff"}}},
	{"mac-upper", Identity{{"mac", "AA:BB:CC:DD:EE:FF"}}},
	{"two-macs", Identity{{"mac", "00:1b:21:3a:4f:5c"}, {"mac", "dc:a6:32:01:02:03"}}},
	{"mac-serial", Identity{{"mac", "b8:27:eb:12:34:56"}, {"serial", "SN2024000123"}}},
	{"emmc-cid", Identity{{"cid", "150100444a5434524102a3e4b2157700"}}},
	{"dmi-uuid", Identity{{"product_uuid", "4c4c4544-0042-3510-8052-b4c04f564433"}}},
	{"rpi-serial", Identity{{"cpuid", "00000000a1b2c3d4"}}},
	{"eui64", Identity{{"eui64", "00:04:a3:ff:fe:12:34:56"}}},
	{"custom-key", Identity{{"board.rev-2_x", "Rev C / 2024"}}},
	{"lowercase-text", Identity{{"hostname", "gateway-yz.local"}}},
	{"empty-value", Identity{{"serial", ""}}},
	{"bytes", Identity{{"raw", "\x00\xff\r\n\t%=é"}}},
	{"all-escapes", Identity{{"serial", "IOZYX iozyx -.:_/,=@#+ mixedCase"}}},
}

func TestPayloadGolden(t *testing.T) {
	var b strings.Builder
	for _, c := range payloadCases {
		p, err := EncodePayload(c.id)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b.WriteString(c.name + " " + p + "\n")
	}
	if !golden.Check(t, filepath.Join("testdata", "payload.golden"), []byte(b.String())) {
		t.Error("payloads changed: the format is frozen; -update only for a new version")
	}
}

func TestPayloadRoundTrip(t *testing.T) {
	for _, c := range payloadCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := EncodePayload(c.id)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < len(p); i++ {
				if !strings.Contains(payloadAlphabet, p[i:i+1]) {
					t.Fatalf("payload %q has %q outside the alphabet", p, p[i])
				}
			}
			// Scanners may change case and add terminators; people type I for 1.
			for _, variant := range []string{p, strings.ToLower(p), p + "\r\n", p + "\t", " " + p + "\n",
				strings.NewReplacer("1", "I", "0", "o").Replace(p)} {
				got, err := DecodePayload(variant)
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
func TestPayloadMACFitsVersion2M(t *testing.T) {
	p, err := EncodePayload(Identity{{"mac", "aa:bb:cc:dd:ee:ff"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p) > 38 {
		t.Errorf("payload %q is %d characters, QR 2-M holds 38", p, len(p))
	}
	p2, err := EncodePayload(Identity{{"mac", "aa:bb:cc:dd:ee:ff"}, {"mac", "aa:bb:cc:dd:ee:f0"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p2) > 38 {
		t.Errorf("two-MAC payload %q is %d characters, QR 2-M holds 38", p2, len(p2))
	}
}

func TestPayloadRejectsEveryTypo(t *testing.T) {
	id := Identity{{"mac", "b8:27:eb:12:34:56"}, {"serial", "SN2024000123"}}
	p, err := EncodePayload(id)
	if err != nil {
		t.Fatal(err)
	}
	reject := func(bad string) {
		t.Helper()
		if bad == p {
			return
		}
		got, err := DecodePayload(bad)
		if err == nil {
			t.Errorf("decode %q (from %q) = %q, want an error", bad, p, got)
		}
	}
	for i := 0; i < len(p); i++ {
		for _, c := range payloadAlphabet {
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

func TestPayloadErrors(t *testing.T) {
	good, err := EncodePayload(Identity{{"mac", "aa:bb:cc:dd:ee:ff"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       error
	}{
		{"empty", "", ErrNotPayload},
		{"other qr", "WIFI:S:net;;", ErrNotPayload},
		{"short", "HW10", ErrPayloadCheck},
		{"bad char", good[:5] + "-" + good[6:], ErrPayloadDamaged},
		{"layout swap z", good[:5] + "Z" + good[6:], ErrPayloadDamaged},
		{"inner space", good[:5] + " " + good[5:], ErrPayloadDamaged},
		{"checksum", good[:len(good)-1] + next(good[len(good)-1]), ErrPayloadCheck},
		{"major 2", withCheck("HW20CD0AABBCCDDEEFF"), ErrPayloadVersion},
		{"no fields", withCheck("HW10"), ErrPayloadDamaged},
		{"unknown tag in known minor", withCheck("HW10G0CD0AABBCCDDEEFF"), ErrPayloadDamaged},
		{"unknown attribute tag in newer minor", withCheck("HW11AD0AABBCCDDEEFF"), ErrPayloadVersion},
		{"unknown key code in newer minor", withCheck("HW11CDVAABBCCDDEEFF"), ErrPayloadVersion},
		{"unknown key code", withCheck("HW10CDVAABBCCDDEEFF"), ErrPayloadDamaged},
		{"field too long", withCheck("HW10CF0AABBCCDDEEFF"), ErrPayloadDamaged},
		{"length runs off", withCheck("HW10CG"), ErrPayloadDamaged},
		{"odd mac", withCheck("HW10CC0AABBCCDDEEF"), ErrPayloadDamaged},
		{"short uuid", withCheck("HW10D20A"), ErrPayloadDamaged},
		{"hex above F", withCheck("HW10E30AG"), ErrPayloadDamaged},
		{"empty hex", withCheck("HW10E12"), ErrPayloadDamaged},
		{"key missing", withCheck("HW10F0"), ErrPayloadDamaged},
		{"bad escape", withCheck("HW10F31XV"), ErrPayloadDamaged},
		{"escape at end", withCheck("HW10F21X"), ErrPayloadDamaged},
		{"byte escape short", withCheck("HW10F41XB1"), ErrPayloadDamaged},
		{"uppercase custom key", withCheck("HW10F5X3XLA"), ErrPayloadDamaged},
		{"url without payload", "https://example.com/d/x", ErrNotPayload},
		{"url with bad payload", "HTTPS://HWIDENT.EXAMPLE/D/" + good[:len(good)-1] + next(good[len(good)-1]), ErrPayloadCheck},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodePayload(tc.text)
			if !errors.Is(err, tc.want) {
				t.Fatalf("DecodePayload(%q) = %q, %v; want %v", tc.text, got, err, tc.want)
			}
		})
	}
}

func TestPayloadNewerMinorSkipsInformationalFields(t *testing.T) {
	// minor 1, an informational field G of 3 symbols, then a MAC attribute.
	id, err := DecodePayload(withCheck("HW11G3ABCCD0AABBCCDDEEFF"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "mac=aa:bb:cc:dd:ee:ff\n"; string(id.Mender()) != want {
		t.Errorf("got %q, want %q", id.Mender(), want)
	}
}

func TestEncodePayloadRejectsInvalidIdentity(t *testing.T) {
	for _, id := range []Identity{nil, {{"MAC", "x"}}, {{"", "x"}}, {{"a b", "x"}}} {
		if p, err := EncodePayload(id); err == nil {
			t.Errorf("EncodePayload(%q) = %q, want an error", id, p)
		}
	}
}

func TestPayloadURL(t *testing.T) {
	id := Identity{{"mac", "aa:bb:cc:dd:ee:ff"}}
	p, _ := EncodePayload(id)
	for _, tmpl := range []string{
		"HTTPS://HWIDENT.EXAMPLE.COM/D/{payload}",
		"https://provision.example.com/bind?id={payload}&src=label",
		"https://hw.example/hwx/{payload}#hwfoo",
	} {
		u, err := PayloadURL(tmpl, id)
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		if !strings.Contains(u, p) || strings.Contains(u, PayloadPlaceholder) {
			t.Errorf("PayloadURL(%s) = %s, want the payload %s in it", tmpl, u, p)
		}
		for _, variant := range []string{u, strings.ToLower(u), u + "\r\n"} {
			got, err := DecodePayload(variant)
			if err != nil || string(got.Mender()) != string(id.Mender()) {
				t.Errorf("DecodePayload(%q) = %q, %v", variant, got, err)
			}
		}
	}
	for _, bad := range []string{"HTTPS://X/D", "X/{payload}", "HTTPS://X/{payload}/{payload}", "HTTPS://X/ID{payload}", "HTTPS://X/{payload}2"} {
		if _, err := PayloadURL(bad, id); !errors.Is(err, ErrURLTemplate) {
			t.Errorf("PayloadURL(%q) error = %v, want ErrURLTemplate", bad, err)
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
		syms[i] = payloadAlphabet[s]
	}
	return string(syms)
}

// next returns the alphabet symbol after c, wrapping around.
func next(c byte) string {
	i := strings.IndexByte(payloadAlphabet, c)
	return payloadAlphabet[(i+1)%len(payloadAlphabet) : (i+1)%len(payloadAlphabet)+1]
}

// A repeated key is one field per value, in identity order, also when other
// keys come between: the decoded identity has the same Mender lines and so
// the same id_data list and identity hash.
func TestPayloadRepeatedKeysKeepOrder(t *testing.T) {
	id := Identity{{"mac", "dc:a6:32:01:02:03"}, {"serial", "S1"}, {"mac", "00:1b:21:3a:4f:5c"}, {"mac", "dc:a6:32:01:02:03"}}
	p, err := EncodePayload(id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodePayload(p)
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
