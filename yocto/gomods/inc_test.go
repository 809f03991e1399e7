package gomods

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var incModules = []Module{
	{"github.com/Foo/bar", "v1.2.3", true},
	{"gopkg.in/check.v1", "v0.0.0-20161208181325-20d25e280405", false},
}

func incSums() Sums {
	s := Sums{}
	for i, m := range incModules {
		for j, a := range m.Artifacts() {
			s[a] = strings.Repeat(string(rune('a'+i)), 63) + string(rune('0'+j))
		}
	}
	return s
}

func TestGoModIncRoundTrip(t *testing.T) {
	data, err := GoModInc(incModules, incSums(), "d1")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"gomod://github.com/Foo/bar;version=v1.2.3;sha256sum=",
		"gomod://gopkg.in/check.v1;version=v0.0.0-20161208181325-20d25e280405;mod=1;sha256sum=",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("include lacks %q:\n%s", want, text)
		}
	}
	inc, err := ParseInc(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Artifact{{"github.com/Foo/bar", "v1.2.3", ".zip"}, {"gopkg.in/check.v1", "v0.0.0-20161208181325-20d25e280405", ".mod"}}
	if !reflect.DeepEqual(inc.Artifacts, want) || inc.GoSumDigest != "d1" {
		t.Errorf("read back %+v digest %q, want %+v digest d1", inc.Artifacts, inc.GoSumDigest, want)
	}
	for _, a := range want {
		if inc.Sums[a] != incSums()[a] {
			t.Errorf("sum of %v = %q, want %q", a, inc.Sums[a], incSums()[a])
		}
	}
}

func TestProxyIncRoundTrip(t *testing.T) {
	data, err := ProxyInc(incModules, incSums(), "d2")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://${GO_MOD_PROXY}/github.com/!foo/bar/@v/v1.2.3.zip;downloadfilename=goproxy/github.com/!foo/bar/@v/v1.2.3.zip;subdir=${GO_MOD_CACHE_DIR}/cache/download/github.com/!foo/bar/@v;unpack=0;sha256sum="; !strings.Contains(string(data), want) {
		t.Errorf("include lacks %q:\n%s", want, data)
	}
	inc, err := ParseInc(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inc.Sums, incSums()) {
		t.Errorf("sums read back %v, want %v", inc.Sums, incSums())
	}
	if len(inc.Artifacts) != 3 {
		t.Errorf("artifacts %v, want the zip module's .mod and .zip and the other's .mod", inc.Artifacts)
	}
}

func TestIncMissingSum(t *testing.T) {
	sums := incSums()
	delete(sums, Artifact{"github.com/Foo/bar", "v1.2.3", ".mod"})
	if _, err := ProxyInc(incModules, sums, ""); !errors.Is(err, ErrMissingSum) {
		t.Errorf("ProxyInc err = %v, want ErrMissingSum", err)
	}
	// The gomod fetcher takes go.mod from the zip: no .mod sum needed.
	if _, err := GoModInc(incModules, sums, ""); err != nil {
		t.Errorf("GoModInc err = %v", err)
	}
}

func TestParseIncErrors(t *testing.T) {
	for _, line := range []string{
		"    gomod://a.example/m;sha256sum=00 \\",
		"    gomod://a.example/m;version=v1.0.0 \\",
		"    https://${GO_MOD_PROXY}/a.example/m/@v/v1.0.0.zip;subdir=elsewhere;unpack=0;sha256sum=00 \\",
		"    https://${GO_MOD_PROXY}/a.example/m/v1.0.0.zip;sha256sum=00 \\",
	} {
		if _, err := ParseInc([]byte(line)); !errors.Is(err, ErrInc) {
			t.Errorf("ParseInc(%q) err = %v, want ErrInc", line, err)
		}
	}
}
