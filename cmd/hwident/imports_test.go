package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// A forbidden is a package a build may not link, and why. The costs are
// measured in docs/size.md (make size refreshes it).
type forbidden struct{ pkg, why string }

// deviceForbidden are the packages the device and identity-only builds
// leave out to stay within their size budgets (README, Builds).
var deviceForbidden = []forbidden{
	{"encoding/json", "its reflection code costs more than the budgets have left; identity.JSON, show --json and the label --batch JSON reader are written by hand"},
	{"crypto/sha256", "it links Go's FIPS 140 module; identity/sha256.go is the identity hash"},
	{"crypto/internal/fips140", "Go's FIPS 140 module (self-tests, DRBG, AES): whatever crypto package brought it in"},
	{"flag", "reflection for defaults, float parsing and every Set method kept alive; cmd/internal/cli/flags.go has its syntax"},
	{"net", "label printing to tcp:// is station-only (station.Printer); on a device, pipe the ZPL to nc"},
	{"net/http", "the Mender API client is station-only (bind, mender)"},
	{"os/exec", "label printing to lp: (CUPS) is station-only (station.Printer)"},
	{"regexp", "bind --pattern is station-only; identity/scan's classifier takes the serial check as a function to stay free of it"},
	{"github.com/hwident/hwident/identity/scan", "classifying scans is the station's (bind, serve); a device only prints the label payload"},
	{"runtime/debug", "its build-info parser; device builds get their version from -X main.version (commands_station_stub.go)"},
	{"github.com/hwident/hwident/cmd/internal/station", "the station's commands are the default build's only: commands_station.go links them, commands_station_stub.go the others"},
}

// identityOnlyForbidden are left out of the identity-only build on top of
// deviceForbidden: it has no label command (README, Builds).
var identityOnlyForbidden = []forbidden{
	{"github.com/hwident/hwident/label", "the identity-only build has no label command"},
	{"github.com/hwident/hwident/identity/payload", "the label payload is for labels, which the identity-only build leaves out"},
	{"github.com/hwident/hwident/identity/hawkbit", "the identity-only build prints mender, json and id only (agents_stub.go)"},
	{"github.com/hwident/hwident/identity/memfault", "the identity-only build prints mender, json and id only (agents_stub.go)"},
	{"github.com/skip2/go-qrcode", "QR encoding is for labels, which the identity-only build leaves out"},
}

// deviceModules are the only modules (besides this one) a device build may
// link: each one is size and code to audit on every device. A new one is a
// decision: measure it (docs/size.md) and add it here.
var deviceModules = []string{
	"github.com/u-root/u-root", // SMBIOS tables (hw/dmi)
	"periph.io/x/conn/v3",      // I²C (hw/eeprom)
	"periph.io/x/host/v3",      // /dev/i2c-N (cmd/hwident/root.go)
	"github.com/skip2/go-qrcode",
	"golang.org/x/image", // the label's bitmap font
}

// identityOnlyModules are the modules the identity-only build may link.
var identityOnlyModules = []string{"github.com/u-root/u-root", "periph.io/x/conn/v3", "periph.io/x/host/v3"}

// deviceInternal are the only cmd/internal packages a device build may
// link; the others are the station's (ledger, Mender client, the service).
var deviceInternal = []string{"github.com/hwident/hwident/cmd/internal/durable", "github.com/hwident/hwident/cmd/internal/machine", "github.com/hwident/hwident/cmd/internal/csvrecord", "github.com/hwident/hwident/cmd/internal/labelbatch", cliPackage}

const cliPackage = "github.com/hwident/hwident/cmd/internal/cli"

// flavourRules are what one device build may link.
type flavourRules struct {
	tags    string
	denied  []forbidden
	modules []string // the modules it may link besides this one
}

// outside says why pkg is neither this module's device code nor in an
// allowed module, or "" when it may be linked.
func (f flavourRules) outside(pkg string) string {
	switch {
	case inTree(pkg, "github.com/hwident/hwident/cmd/internal/...") && !slices.Contains(deviceInternal, pkg):
		return "a station package (deviceInternal lists what device builds may use)"
	case !inTree(pkg, "github.com/hwident/hwident/...") && strings.Contains(strings.Split(pkg, "/")[0], ".") &&
		!slices.ContainsFunc(f.modules, func(m string) bool { return inTree(pkg, m+"/...") }):
		return "from a module device builds do not use (measure it in docs/size.md and allow it here)"
	}
	return ""
}

// TestBuildDependencies fails when a package the device or identity-only
// build must leave out is linked into it, and names the import chain that
// brought it in. Dependencies are listed for linux/arm v7 without cgo, the
// size budget's reference build.
func TestBuildDependencies(t *testing.T) {
	flavours := []flavourRules{
		{"device", deviceForbidden, deviceModules},
		{"identityonly", slices.Concat(deviceForbidden, identityOnlyForbidden), identityOnlyModules},
	}
	const root = "github.com/hwident/hwident/cmd/hwident"
	for _, f := range flavours {
		t.Run(f.tags, func(t *testing.T) {
			imports := listImports(t, f.tags, "linux", "arm", ".")
			for _, d := range f.denied {
				if chain := importChain(imports, root, d.pkg); chain != nil {
					t.Errorf("the %s build links %s (%s):\n\t%s", f.tags, d.pkg, d.why, strings.Join(chain, "\n\t-> "))
				}
			}
			// Report where the build first enters a package it may not
			// link, not every package behind it.
			var errs []string
			for pkg := range imports {
				why := f.outside(pkg)
				if why == "" {
					continue
				}
				chain := importChain(imports, root, pkg)
				if len(chain) > 1 && f.outside(chain[len(chain)-2]) != "" {
					continue
				}
				errs = append(errs, fmt.Sprintf("the %s build links %s, %s:\n\t%s", f.tags, pkg, why, strings.Join(chain, "\n\t-> ")))
			}
			slices.Sort(errs)
			for _, e := range errs {
				t.Error(e)
			}
		})
	}
}

// A boundary is a rule on what a package of this module may import.
type boundary struct {
	pkgs   string   // a package, or a tree ending in "/..."
	direct []string // may not import these itself
	deps   []string // may not depend on these (packages, or trees ending in "/...")
	why    string
}

var boundaries = []boundary{
	{
		pkgs:   "identity/...",
		direct: []string{"os", "io/fs", "os/exec", "path/filepath", "syscall", "net", "regexp"},
		deps:   []string{"github.com/hwident/hwident/hw/...", "github.com/hwident/hwident/label/...", "github.com/hwident/hwident/cmd/..."},
		why:    "identity and its payload and scan packages are pure: they do no I/O, read no hardware and render no labels (their package docs; docs/architecture.md)",
	},
	{
		pkgs: "identity/payload",
		deps: []string{"github.com/hwident/hwident/identity/scan"},
		why:  "the payload codec is in the device build (label); scan classification is the station's and uses the codec, not the other way round (docs/architecture.md)",
	},
	{
		pkgs: "hw/...",
		deps: []string{"github.com/hwident/hwident/identity/...", "github.com/hwident/hwident/label/...", "github.com/hwident/hwident/cmd/..."},
		why:  "hw packages read hardware and return typed facts; judging and encoding them is identity's, rendering label's (docs/architecture.md)",
	},
	{
		pkgs: "label/...",
		deps: []string{"github.com/hwident/hwident/identity/...", "github.com/hwident/hwident/hw/...", "github.com/hwident/hwident/cmd/..."},
		why:  "label renders one QR model and knows nothing about identities (its package doc; docs/architecture.md)",
	},
	{
		pkgs: "cmd/internal/cli",
		deps: append(forbiddenPackages(deviceForbidden), "github.com/hwident/hwident/hw/...", "github.com/hwident/hwident/label/..."),
		why:  "every build links the command line: it links nothing device builds may not, and no hardware or label code (docs/architecture.md)",
	},
	{
		pkgs:   "cmd/internal/labelbatch",
		direct: []string{"os", "io/fs", "flag", "encoding/json"},
		deps:   []string{"github.com/hwident/hwident/hw/...", "github.com/hwident/hwident/label/..."},
		why:    "labelbatch parses a batch in memory: opening and capping the input is cmd/hwident's, and the device build has no encoding/json (docs/architecture.md)",
	},
	{
		pkgs:   "cmd/internal/machine",
		direct: []string{"flag", "os/exec", "net", "net/http", "github.com/hwident/hwident/cmd/internal/durable"},
		deps:   []string{"github.com/hwident/hwident/label/...", "periph.io/x/host/..."},
		why:    "machine reads the machine under a root and returns data: flags, printing, writing files and opening /dev nodes and sockets (Machine.OpenI2C, OpenModemPort, DialModemManager) are cmd/hwident's (docs/architecture.md)",
	},
}

// forbiddenPackages are the packages of fs.
func forbiddenPackages(fs []forbidden) []string {
	var pkgs []string
	for _, f := range fs {
		pkgs = append(pkgs, f.pkg)
	}
	return pkgs
}

// TestPackageBoundaries checks what identity/..., hw/..., label,
// cmd/internal/cli and cmd/internal/machine may import, in every build
// flavour.
func TestPackageBoundaries(t *testing.T) {
	for _, tags := range []string{"", "device", "identityonly"} {
		name := tags
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			for _, b := range boundaries {
				imports := listImports(t, tags, "linux", "amd64", "../../"+b.pkgs)
				for pkg := range imports {
					if !inTree(pkg, "github.com/hwident/hwident/"+b.pkgs) {
						continue
					}
					for _, d := range b.direct {
						if slices.Contains(imports[pkg], d) {
							t.Errorf("%s imports %s: %s", pkg, d, b.why)
						}
					}
					for dep := range imports {
						for _, d := range b.deps {
							if inTree(dep, d) {
								if chain := importChain(imports, pkg, dep); chain != nil {
									t.Errorf("%s depends on %s: %s:\n\t%s", pkg, dep, b.why, strings.Join(chain, "\n\t-> "))
								}
							}
						}
					}
				}
			}
		})
	}
}

// listImports returns every package in the build of pattern (from this
// directory) and its dependencies, each with its imports, as go list sees
// them for the tags and target.
func listImports(t *testing.T, tags, goos, goarch, pattern string) map[string][]string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the dependencies: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-deps", "-tags", tags, "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", pattern)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "GOARM=7", "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -deps -tags %q %s: %v\n%s", tags, pattern, err, stderr)
	}
	imports := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) > 0 {
			imports[f[0]] = f[1:]
		}
	}
	return imports
}

// inTree reports whether pkg is tree, or under it when tree ends in "/...".
func inTree(pkg, tree string) bool {
	if root, ok := strings.CutSuffix(tree, "/..."); ok {
		return pkg == root || strings.HasPrefix(pkg, root+"/")
	}
	return pkg == tree
}

// importChain returns a shortest import chain from one package to another,
// or nil when from does not depend on to.
func importChain(imports map[string][]string, from, to string) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p == to {
			var chain []string
			for ; p != ""; p = prev[p] {
				chain = append([]string{p}, chain...)
			}
			return chain
		}
		for _, next := range imports[p] {
			if _, seen := prev[next]; !seen {
				prev[next] = p
				queue = append(queue, next)
			}
		}
	}
	return nil
}
