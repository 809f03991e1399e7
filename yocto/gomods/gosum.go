// Package gomods turns go.sum into the Go module lists of the hwident Yocto
// recipe and reads them back: bitbake gomod:// entries for releases whose
// bitbake has that fetcher, plain https:// module proxy entries for scarthgap,
// and the license list of the modules linked into the binary.
package gomods

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrGoSum is wrapped by ParseGoSum for a line it cannot read.
var ErrGoSum = errors.New("malformed go.sum line")

// Module is one module version of go.sum.
type Module struct {
	Path    string
	Version string
	// Zip reports that go.sum holds the hash of the module's zip file: the
	// build needs its packages. Without it only the go.mod file is needed
	// (to compute the module graph).
	Zip bool
}

// ParseGoSum lists the module versions of a go.sum file, sorted by path and
// version.
func ParseGoSum(data []byte) ([]Module, error) {
	byKey := map[string]*Module{}
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || !strings.HasPrefix(f[2], "h1:") {
			return nil, fmt.Errorf("go.sum line %d: %w: want MODULE VERSION[/go.mod] h1:HASH; regenerate go.sum with go mod download", n+1, ErrGoSum)
		}
		version, modOnly := strings.CutSuffix(f[1], "/go.mod")
		key := f[0] + "@" + version
		m := byKey[key]
		if m == nil {
			m = &Module{Path: f[0], Version: version}
			byKey[key] = m
		}
		if !modOnly {
			m.Zip = true
		}
	}
	mods := make([]Module, 0, len(byKey))
	for _, m := range byKey {
		mods = append(mods, *m)
	}
	sort.Slice(mods, func(i, j int) bool {
		if mods[i].Path != mods[j].Path {
			return mods[i].Path < mods[j].Path
		}
		return mods[i].Version < mods[j].Version
	})
	return mods, nil
}
