package gomods

import "strings"

// Artifact is one file a module proxy serves for a module version and the
// go command keeps under $GOMODCACHE/cache/download.
type Artifact struct {
	Path    string
	Version string
	Ext     string // ".mod" or ".zip"
}

// Artifacts lists the files the offline build needs for m: its go.mod file
// always (the go command reads it to compute the module graph and checks it
// against go.sum) and its zip when go.sum has the zip's hash.
func (m Module) Artifacts() []Artifact {
	a := []Artifact{{m.Path, m.Version, ".mod"}}
	if m.Zip {
		a = append(a, Artifact{m.Path, m.Version, ".zip"})
	}
	return a
}

// Dir is the artifact's directory below the module proxy root and below
// $GOMODCACHE/cache/download: "ESCAPED-PATH/@v".
func (a Artifact) Dir() string { return Escape(a.Path) + "/@v" }

// File is the artifact's file name in Dir: "ESCAPED-VERSION.ext".
func (a Artifact) File() string { return Escape(a.Version) + a.Ext }

// Escape applies the module proxy's case encoding: every upper-case letter
// becomes '!' and its lower-case form, so paths stay distinct on
// case-insensitive file systems (https://go.dev/ref/mod#goproxy-protocol).
func Escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			b.WriteByte('!')
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}
