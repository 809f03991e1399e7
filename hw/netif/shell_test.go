package netif

import (
	"strings"
	"testing"
)

// TestDashEcho: the escapes as dash 0.5.12's echo printed them (od -c of
// echo "A\1B|\x41|\e|\0101|\101|\0|\00|\0000x|\08|\\|\q|\n|end").
func TestDashEcho(t *testing.T) {
	in := `A\1B|\x41|\e|\0101|\101|\0|\00|\0000x|\08|\\|\q|\n|end`
	want := "A\x01B|\\x41|\x1b|A|A|\x00|\x00|\x00x|\x008|\\|\\q|\n|end"
	if got, stopped := dashEcho(in); got != want || stopped {
		t.Errorf("dashEcho = %q, %t; want %q", got, stopped, want)
	}
	if got, stopped := dashEcho(`mac=a\cz`); got != "mac=a" || !stopped {
		t.Errorf(`\c: %q, %t`, got, stopped)
	}
	if got, _ := dashEcho(`trailing\`); got != `trailing\` {
		t.Errorf("trailing backslash: %q", got)
	}
}

func TestShellMatch(t *testing.T) {
	tests := []struct {
		pat, name string
		want      bool
	}{
		{"e*", "eth0", true}, {"e*", "e", true}, {"e*", "wlan0", false}, {"e?h0", "eth0", true}, {"e?h0", "eh0", false},
		{"e[!x]h0", "eth0", true}, {"e[!t]h0", "eth0", false}, {"e[^x]h0", "eth0", false}, {"e[^x]h0", "e^h0", true},
		{"[a-c]", "b", true}, {"[a-c]", "d", false}, {"[]]", "]", true}, {"[ab", "[ab", true}, {`e\*`, "e*", true},
		{`e\*`, "ex", false}, {"", "", true}, {"*", "", true},
	}
	for _, tc := range tests {
		if got := shellMatch(tc.pat, tc.name); got != tc.want {
			t.Errorf("shellMatch(%q, %q) = %t", tc.pat, tc.name, got)
		}
	}
}

// FuzzDashEcho: text without a backslash comes out unchanged; the output
// is never longer than the input.
func FuzzDashEcho(f *testing.F) {
	for _, s := range []string{"", `a\cb`, `\0101`, `\\`, `x\0057y`, "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, stopped := dashEcho(s)
		if len(out) > len(s) {
			t.Fatalf("dashEcho(%q) = %q: longer", s, out)
		}
		if !strings.Contains(s, `\`) && (out != s || stopped) {
			t.Fatalf("dashEcho(%q) = %q, %t", s, out, stopped)
		}
	})
}

// FuzzShellMatch: a name matches itself with its glob characters quoted,
// and "*" matches everything.
func FuzzShellMatch(f *testing.F) {
	for _, s := range []string{"eth0", "e*", "[ab]", `a\b`, "?"} {
		f.Add(s, "eth0")
	}
	f.Fuzz(func(t *testing.T, pat, name string) {
		quoted := ""
		for i := 0; i < len(name); i++ {
			if strings.IndexByte(`*?[\`, name[i]) >= 0 {
				quoted += `\`
			}
			quoted += name[i : i+1]
		}
		if !shellMatch(quoted, name) || !shellMatch("*", name) {
			t.Fatalf("%q does not match itself quoted (%q) or *", name, quoted)
		}
		_ = shellMatch(pat, name) // must not panic or hang
	})
}
