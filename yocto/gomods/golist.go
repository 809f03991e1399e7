package gomods

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"sort"
	"strings"
)

// LinkedModule is a module whose packages a build of the binary links.
type LinkedModule struct {
	Path, Version string
	Dir           string // extracted module in the local module cache ("" if not downloaded)
}

// LinkedTags are the build tags the recipe builds with: the default device
// build and the identity-only PACKAGECONFIG. Licenses cover both.
var LinkedTags = []string{"device", "identityonly"}

// MainPackage is the package the recipe installs.
const MainPackage = "./cmd/hwident"

// ListLinked runs `go list -deps` in the module root for each tag set and
// returns the union of the non-main modules, sorted. It reads the local
// module cache and needs the network only for modules not yet downloaded.
func ListLinked(ctx context.Context, root string, env []string) ([]LinkedModule, error) {
	seen := map[string]LinkedModule{}
	for _, tag := range LinkedTags {
		cmd := exec.CommandContext(ctx, "go", "list", "-e", "-deps", "-tags", tag,
			"-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}", MainPackage)
		cmd.Dir = root
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list -deps -tags %s %s: %w: %s", tag, MainPackage, err, strings.TrimSpace(stderr.String()))
		}
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			m := LinkedModule{Path: f[0], Version: f[1]}
			if len(f) > 2 {
				m.Dir = f[2]
			}
			seen[m.Path+"@"+m.Version] = m
		}
	}
	mods := make([]LinkedModule, 0, len(seen))
	for _, m := range seen {
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path+"@"+mods[i].Version < mods[j].Path+"@"+mods[j].Version })
	return mods, nil
}
