package gomods

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrMissingSum is wrapped when an artifact has no recorded sha256.
var ErrMissingSum = errors.New("no sha256 for module file")

// ErrInc is wrapped by ParseInc for an entry it cannot read.
var ErrInc = errors.New("malformed module entry")

// Sums maps each artifact to the sha256 (hex) of the file the module proxy
// serves; bitbake checks every download against it.
type Sums map[Artifact]string

// Header is the first line of every generated include.
const Header = "# Generated from go.sum by scripts/gomodsinc (make yocto-mods). Do not edit."

// digestPrefix starts the line that records which go.sum an include was made from.
const digestPrefix = "# go.sum sha256: "

// Digest is the sha256 (hex) of a go.sum file, recorded in the includes so
// a test notices any change of go.sum that was not followed by a regeneration.
func Digest(goSum []byte) string {
	s := sha256.Sum256(goSum)
	return hex.EncodeToString(s[:])
}

// proxyURLPrefix starts every https:// entry; GO_MOD_PROXY is the variable
// bitbake's gomod fetcher reads too, so one setting moves both.
const proxyURLPrefix = "https://${GO_MOD_PROXY}/"

// GoModInc renders the gomod:// include: one entry per module, the zip when
// the build needs the module's packages (the fetcher takes go.mod from it),
// else only the go.mod file (mod=1).
func GoModInc(mods []Module, sums Sums, goSumDigest string) ([]byte, error) {
	var entries []string
	for _, m := range mods {
		a := m.Artifacts()
		need := a[len(a)-1]
		sum, ok := sums[need]
		if !ok {
			return nil, fmt.Errorf("%s@%s%s: %w", need.Path, need.Version, need.Ext, ErrMissingSum)
		}
		mod := ""
		if need.Ext == ".mod" {
			mod = ";mod=1"
		}
		entries = append(entries, fmt.Sprintf("gomod://%s;version=%s%s;sha256sum=%s", m.Path, m.Version, mod, sum))
	}
	return render(entries, goSumDigest), nil
}

// ProxyInc renders the https:// include for bitbake without a gomod
// fetcher: every go.mod and zip is downloaded from the module proxy as a
// plain file and copied, unextracted, to where the go command's module cache
// keeps downloads, so the build runs with GOPROXY=off.
func ProxyInc(mods []Module, sums Sums, goSumDigest string) ([]byte, error) {
	var entries []string
	for _, m := range mods {
		for _, a := range m.Artifacts() {
			sum, ok := sums[a]
			if !ok {
				return nil, fmt.Errorf("%s@%s%s: %w", a.Path, a.Version, a.Ext, ErrMissingSum)
			}
			rel := a.Dir() + "/" + a.File()
			entries = append(entries, fmt.Sprintf("%s%s;downloadfilename=goproxy/%s;subdir=${GO_MOD_CACHE_DIR}/cache/download/%s;unpack=0;sha256sum=%s",
				proxyURLPrefix, rel, rel, a.Dir(), sum))
		}
	}
	return render(entries, goSumDigest), nil
}

func render(entries []string, goSumDigest string) []byte {
	var b strings.Builder
	b.WriteString(Header + "\n" + digestPrefix + goSumDigest + "\n\nSRC_URI += \"\\\n")
	for _, e := range entries {
		b.WriteString("    " + e + " \\\n")
	}
	b.WriteString("\"\n")
	return []byte(b.String())
}

// Inc is a generated include read back.
type Inc struct {
	GoSumDigest string
	Sums        Sums
	// Artifacts lists the entries in file order.
	Artifacts []Artifact
}

// ParseInc reads an include written by GoModInc or ProxyInc. A gomod://
// zip entry stands for the zip artifact.
func ParseInc(data []byte) (*Inc, error) {
	inc := &Inc{Sums: Sums{}}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), "\\"))
		if d, ok := strings.CutPrefix(line, digestPrefix); ok {
			inc.GoSumDigest = d
			continue
		}
		var a Artifact
		var params map[string]string
		var err error
		switch {
		case strings.HasPrefix(line, "gomod://"):
			a, params, err = parseGoModEntry(line)
		case strings.HasPrefix(line, proxyURLPrefix):
			a, params, err = parseProxyEntry(line)
		default:
			continue
		}
		if err == nil && params["sha256sum"] == "" {
			err = errors.New("no sha256sum")
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w: %v", n+1, ErrInc, err)
		}
		inc.Sums[a] = params["sha256sum"]
		inc.Artifacts = append(inc.Artifacts, a)
	}
	return inc, nil
}

func splitEntry(line, prefix string) (string, map[string]string) {
	url, rest, _ := strings.Cut(strings.TrimPrefix(line, prefix), ";")
	params := map[string]string{}
	for _, p := range strings.Split(rest, ";") {
		k, v, _ := strings.Cut(p, "=")
		params[k] = v
	}
	return url, params
}

func parseGoModEntry(line string) (Artifact, map[string]string, error) {
	path, params := splitEntry(line, "gomod://")
	a := Artifact{Path: path, Version: params["version"], Ext: ".zip"}
	if params["mod"] == "1" {
		a.Ext = ".mod"
	}
	if a.Version == "" {
		return a, nil, errors.New("no version")
	}
	return a, params, nil
}

func parseProxyEntry(line string) (Artifact, map[string]string, error) {
	rel, params := splitEntry(line, proxyURLPrefix)
	dir, file, ok := strings.Cut(rel, "/@v/")
	ext := file[strings.LastIndexByte(file, '.')+1:]
	if !ok || (ext != "mod" && ext != "zip") {
		return Artifact{}, nil, fmt.Errorf("want %sPATH/@v/VERSION.{mod,zip}", proxyURLPrefix)
	}
	a := Artifact{Path: Unescape(dir), Version: Unescape(strings.TrimSuffix(file, "."+ext)), Ext: "." + ext}
	if params["subdir"] != "${GO_MOD_CACHE_DIR}/cache/download/"+a.Dir() || params["unpack"] != "0" {
		return a, nil, errors.New("subdir or unpack does not place the file in the module cache")
	}
	return a, params, nil
}

// Unescape reverses Escape.
func Unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '!' && i+1 < len(s) && 'a' <= s[i+1] && s[i+1] <= 'z' {
			i++
			c = s[i] - ('a' - 'A')
		}
		b.WriteByte(c)
	}
	return b.String()
}
