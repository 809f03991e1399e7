package gomods

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseGoSum(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Module
		err  error
	}{
		{"zip and go.mod", "a.example/m v1.0.0 h1:x=\na.example/m v1.0.0/go.mod h1:y=\n",
			[]Module{{"a.example/m", "v1.0.0", true}}, nil},
		{"go.mod only", "b.example/m v0.1.0/go.mod h1:y=\n",
			[]Module{{"b.example/m", "v0.1.0", false}}, nil},
		{"sorted by path then version", "z.example/m v1.0.0/go.mod h1:y=\na.example/m v1.2.0/go.mod h1:y=\na.example/m v1.1.0 h1:x=\n",
			[]Module{{"a.example/m", "v1.1.0", true}, {"a.example/m", "v1.2.0", false}, {"z.example/m", "v1.0.0", false}}, nil},
		{"blank lines", "\n\na.example/m v1.0.0/go.mod h1:y=\n\n", []Module{{"a.example/m", "v1.0.0", false}}, nil},
		{"empty", "", []Module{}, nil},
		{"two fields", "a.example/m v1.0.0\n", nil, ErrGoSum},
		{"not h1", "a.example/m v1.0.0 h2:x=\n", nil, ErrGoSum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseGoSum([]byte(tt.in))
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"github.com/BurntSushi/toml", "github.com/!burnt!sushi/toml"},
		{"golang.org/x/sys", "golang.org/x/sys"},
		{"v1.0.0-RC1", "v1.0.0-!r!c1"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Unescape(tt.want); got != tt.in {
			t.Errorf("Unescape(%q) = %q, want %q", tt.want, got, tt.in)
		}
	}
}

func FuzzEscapeRoundTrip(f *testing.F) {
	f.Add("github.com/BurntSushi/toml")
	f.Add("periph.io/x/conn/v3")
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range s {
			if r == '!' {
				return // module paths never contain '!'
			}
		}
		if got := Unescape(Escape(s)); got != s {
			t.Fatalf("Unescape(Escape(%q)) = %q", s, got)
		}
	})
}
