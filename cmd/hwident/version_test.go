package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReleaseEverywhere: the release is named in four places that nothing
// else keeps in step; a release bumps them together.
func TestReleaseEverywhere(t *testing.T) {
	places := []struct {
		file string
		re   string
	}{
		{"Makefile", `(?m)^RELEASE\s*:=\s*(\S+)$`},
		{"CHANGELOG.md", `(?m)^## (\d+\.\d+\.\d+) — `},
		{"yocto/meta-hwident/recipes-support/hwident/hwident_git.bb", `(?m)^HWIDENT_BASE_VERSION = "([^"]+)"$`},
	}
	for _, p := range places {
		b, err := os.ReadFile(filepath.Join("..", "..", p.file))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(p.re).FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: no release found by %s", p.file, p.re)
			continue
		}
		if string(m[1]) != release {
			t.Errorf("%s names release %s, cmd/hwident/version.go %s", p.file, m[1], release)
		}
	}
}

func TestVersionWithoutLinkFlags(t *testing.T) {
	res := runHwident(t, "", nil, "hwident", "version")
	if res.code != 0 || res.stdout != "hwident "+release+"\n" {
		t.Errorf("version: exit %d, %q", res.code, res.stdout)
	}
}

// version takes no arguments, like every command without positional ones:
// `version help` is a usage error, not the version.
func TestVersionArguments(t *testing.T) {
	for _, args := range [][]string{{"version", "help"}, {"version", "extra"}} {
		res := runHwident(t, "", nil, append([]string{"hwident"}, args...)...)
		if res.code != 2 || res.stdout != "" || !strings.Contains(res.stderr, "version takes no arguments") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want a usage error", args, res.code, res.stdout, res.stderr)
		}
	}
}
