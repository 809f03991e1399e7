package identity

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("a", 5<<20)
	tests := []struct {
		name, in, want string
	}{
		{"plain", "SN123", `"SN123"`},
		{"escape sequence", "\x1b[2J", `"\x1b[2J"`},
		{"newline and cr", "a\nb\rc", `"a\nb\rc"`},
		{"invalid utf-8", "\xc3", `"\xc3"`},
		{"bidi override", "a\u202eb", `"a\u202eb"`},
		{"long", long, `"` + strings.Repeat("a", QuoteLimit) + `"… (5242880 bytes)`},
		{"cut at rune boundary", strings.Repeat("a", QuoteLimit-1) + "é" + "zz", `"` + strings.Repeat("a", QuoteLimit-1) + `"… (67 bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote = %s, want %s", got, tt.want)
			}
		})
	}
}

func FuzzQuote(f *testing.F) {
	f.Add("SN\x1b[31m")
	f.Add(strings.Repeat("é", 100))
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		if !utf8.ValidString(q) {
			t.Fatalf("Quote(%x) is not UTF-8", s)
		}
		for _, r := range q {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("Quote(%x) = %q holds control %U", s, q, r)
			}
		}
		if len(q) > 4*QuoteLimit+40 {
			t.Fatalf("Quote of %d bytes is %d bytes long", len(s), len(q))
		}
	})
}

func TestQuoteName(t *testing.T) {
	for in, want := range map[string]string{
		"mac=net:auto":          "mac=net:auto",
		"eeprom:0-0050:onie:sn": "eeprom:0-0050:onie:sn",
		"":                      `""`,
		"a b":                   `"a b"`,
		"x\x1b[2J":              `"x\x1b[2J"`,
		"caf\u00e9":             `"café"`,
		strings.Repeat("k", 65): strconv.Quote(strings.Repeat("k", 64)) + "… (65 bytes)",
		`quote"d`:               `"quote\"d"`,
	} {
		if got := QuoteName(in); got != want {
			t.Errorf("QuoteName(%q) = %s, want %s", in, got, want)
		}
	}
}
