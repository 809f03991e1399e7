// Package yocto holds the checks of the meta-hwident layer that need no
// bitbake (scripts/yocto-parse-check.sh parses it with a real one).
package yocto

import (
	"bufio"
	"context"
	"crypto/md5"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/yocto/gomods"
)

const (
	layerDir  = "meta-hwident"
	recipeDir = "meta-hwident/recipes-support/hwident"
	recipe    = recipeDir + "/hwident_git.bb"
	// pn is what ${PN} expands to in the recipe.
	pn = "hwident"
)

// bbFile holds the variable assignments of a bitbake file: the value after
// applying =, ?=, ??=, :=, +=, =+, .= and =. in order (enough for the layer's own
// files; overrides stay part of the name), and the operator that set it.
type bbFile struct {
	vals map[string]string
	ops  map[string]string
	text string
}

var assignment = regexp.MustCompile(`^(?:export\s+)?([A-Za-z0-9_:${}.%/-]+)\s*(\?\?=|\?=|:=|\+=|=\+|\.=|=\.|=)\s*"(.*)"\s*$`)

func readBB(t *testing.T, path string) *bbFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := &bbFile{vals: map[string]string{}, ops: map[string]string{}, text: string(data)}
	var logical []string
	cont := ""
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasSuffix(line, "\\") {
			cont += strings.TrimSuffix(line, "\\") + " "
			continue
		}
		logical = append(logical, cont+line)
		cont = ""
	}
	for _, line := range logical {
		m := assignment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name, op, val := m[1], m[2], strings.Join(strings.Fields(m[3]), " ")
		_, set := f.vals[name]
		switch op {
		case "?=", "??=":
			if set {
				continue
			}
			f.vals[name] = val
		case "+=":
			f.vals[name] = strings.TrimSpace(f.vals[name] + " " + val)
		case "=+":
			f.vals[name] = strings.TrimSpace(val + " " + f.vals[name])
		case ".=":
			f.vals[name] += val
		case "=.":
			f.vals[name] = val + f.vals[name]
		default:
			f.vals[name] = val
		}
		if !set {
			f.ops[name] = op
		}
	}
	return f
}

func (f *bbFile) get(t *testing.T, name string) string {
	t.Helper()
	v, ok := f.vals[name]
	if !ok {
		t.Fatalf("%s is not set", name)
	}
	return v
}

func TestLayerConf(t *testing.T) {
	conf := readBB(t, layerDir+"/conf/layer.conf")
	if !slices.Contains(strings.Fields(conf.get(t, "BBFILE_COLLECTIONS")), "hwident") {
		t.Error(`BBFILE_COLLECTIONS lacks "hwident"`)
	}
	if got := conf.get(t, "BBFILE_PATTERN_hwident"); got != "^${LAYERDIR}/" {
		t.Errorf("BBFILE_PATTERN_hwident = %q", got)
	}
	if got := conf.get(t, "LAYERDEPENDS_hwident"); got != "core" {
		t.Errorf("LAYERDEPENDS_hwident = %q, want core only (meta-mender is optional)", got)
	}
	compat := strings.Fields(conf.get(t, "LAYERSERIES_COMPAT_hwident"))
	if !slices.Contains(compat, "scarthgap") {
		t.Errorf("LAYERSERIES_COMPAT_hwident = %v, want the LTS scarthgap", compat)
	}

	static := globAll(t, strings.Fields(conf.get(t, "BBFILES")))
	if !slices.Contains(static, recipe) {
		t.Errorf("BBFILES matches %v, not the recipe", static)
	}
	var dynamic []string
	dyn := conf.get(t, "BBFILES_DYNAMIC")
	for _, m := range dynamicEntry.FindAllStringSubmatch(dyn, -1) {
		if m[1] != "mender" {
			t.Errorf("BBFILES_DYNAMIC entry %q: want mender:GLOB (meta-mender's collection)", m[0])
		}
		dynamic = append(dynamic, globAll(t, []string{m[2]})...)
	}
	// The Go client's bbappend is added only if meta-mender has its recipe.
	if !strings.Contains(dyn, "' if __import__('glob').glob((d.getVar('LAYERDIR_MENDER') or '/nonexistent') + '/recipes-mender/*/mender-client_*.bb') else ''}") {
		t.Error("BBFILES_DYNAMIC: the mender-client bbappend must depend on meta-mender having mender-client recipes")
	}
	var inDynamic []string
	filepath.WalkDir(layerDir+"/dynamic-layers", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".bb") || strings.HasSuffix(path, ".bbappend")) {
			inDynamic = append(inDynamic, path)
		}
		return err
	})
	sort.Strings(dynamic)
	if len(inDynamic) != 2 || !reflect.DeepEqual(dynamic, inDynamic) {
		t.Errorf("BBFILES_DYNAMIC matches %v, want every file of dynamic-layers/ %v (the two mender bbappends)", dynamic, inDynamic)
	}
	for _, f := range static {
		if strings.Contains(f, "dynamic-layers") {
			t.Errorf("BBFILES matches %s: it must be parsed only with meta-mender", f)
		}
	}
}

// dynamicEntry is one COLLECTION:GLOB of BBFILES_DYNAMIC, also inside ${@...}.
var dynamicEntry = regexp.MustCompile(`([!A-Za-z0-9_-]+):(\$\{LAYERDIR\}/[^\s']+)`)

func globAll(t *testing.T, globs []string) []string {
	t.Helper()
	var files []string
	for _, g := range globs {
		m, err := filepath.Glob(strings.ReplaceAll(g, "${LAYERDIR}", layerDir))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

func TestGoImportMatchesGoMod(t *testing.T) {
	r := readBB(t, recipe)
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var module, goVersion string
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			module = f[1]
		} else if len(f) == 2 && f[0] == "go" {
			goVersion = f[1]
		}
	}
	if got := r.get(t, "GO_IMPORT"); got != module {
		t.Errorf("GO_IMPORT = %q, go.mod module = %q", got, module)
	}
	if got, want := r.get(t, "GO_INSTALL"), "${GO_IMPORT}/cmd/hwident"; got != want {
		t.Errorf("GO_INSTALL = %q, want %q", got, want)
	}
	if _, err := os.Stat("../cmd/hwident"); err != nil {
		t.Errorf("GO_INSTALL's package: %v", err)
	}
	parts := strings.SplitN(goVersion, ".", 3)
	if got := r.get(t, "HWIDENT_GO_MIN"); len(parts) < 2 || got != parts[0]+"."+parts[1] {
		t.Errorf("HWIDENT_GO_MIN = %q, go.mod says go %s", got, goVersion)
	}
}

func TestLicenseChecksum(t *testing.T) {
	r := readBB(t, recipe)
	text, err := os.ReadFile("../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(text)
	want := "file://src/${GO_IMPORT}/LICENSE;md5=" + hex.EncodeToString(sum[:])
	if got := r.get(t, "LIC_FILES_CHKSUM"); got != want {
		t.Errorf("LIC_FILES_CHKSUM = %q, want %q (md5 of the repository's LICENSE)", got, want)
	}
	spdx, err := gomods.Classify(text)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.get(t, "LICENSE"); got != spdx {
		t.Errorf("LICENSE = %q, the LICENSE file is %s", got, spdx)
	}
}

// TestSources accounts for every SRC_URI entry of the layer: the project's
// git repository, generated module entries, or a file:// that exists.
func TestSources(t *testing.T) {
	r := readBB(t, recipe)
	if r.ops["HWIDENT_GIT_URI"] != "?=" || r.ops["HWIDENT_GIT_BRANCH"] != "?=" {
		t.Error("HWIDENT_GIT_URI and HWIDENT_GIT_BRANCH must be set with ?= so mirrors can override them")
	}
	if src := r.get(t, "SRC_URI"); !strings.HasPrefix(src, "${HWIDENT_GIT_URI};") {
		t.Errorf("SRC_URI = %q, want the overridable ${HWIDENT_GIT_URI} first", src)
	}
	var files []string
	filepath.WalkDir(layerDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".bb") || strings.HasSuffix(path, ".bbappend") || strings.HasSuffix(path, ".inc")) {
			files = append(files, path)
		}
		return err
	})
	entries := 0
	for _, path := range files {
		f := readBB(t, path)
		for name, val := range f.vals {
			if name != "SRC_URI" && !strings.HasPrefix(name, "SRC_URI:") {
				continue
			}
			for _, e := range strings.Fields(val) {
				entries++
				switch {
				case strings.HasPrefix(e, "${HWIDENT_GIT_URI};"), strings.HasPrefix(e, "gomod://"), strings.HasPrefix(e, "https://${GO_MOD_PROXY}/"):
				case strings.HasPrefix(e, "file://"):
					name, _, _ := strings.Cut(strings.TrimPrefix(e, "file://"), ";")
					if !fileInFilesPath(filepath.Dir(path), name) {
						t.Errorf("%s: %s: no such file in %s/{%s,files,.}", path, e, filepath.Dir(path), pn)
					}
				default:
					t.Errorf("%s: SRC_URI entry %q is neither the project, a Go module nor a file://", path, e)
				}
			}
		}
	}
	if entries == 0 {
		t.Fatal("no SRC_URI entry found")
	}
}

func fileInFilesPath(dir, name string) bool {
	for _, sub := range []string{pn, "files", "."} {
		if _, err := os.Stat(filepath.Join(dir, sub, name)); err == nil {
			return true
		}
	}
	return false
}

// TestGoModsIncInSync fails when go.sum changed and `make yocto-mods` was
// not run.
func TestGoModsIncInSync(t *testing.T) {
	goSum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	mods, err := gomods.ParseGoSum(goSum)
	if err != nil {
		t.Fatal(err)
	}
	var wantGoMod, wantProxy []gomods.Artifact
	for _, m := range mods {
		a := m.Artifacts()
		wantGoMod = append(wantGoMod, a[len(a)-1])
		wantProxy = append(wantProxy, a...)
	}
	r := readBB(t, recipe)
	for name, want := range map[string][]gomods.Artifact{
		"hwident-go-mods.inc":       wantGoMod,
		"hwident-go-mods-proxy.inc": wantProxy,
	} {
		if !strings.Contains(r.text, name) {
			t.Errorf("the recipe does not require %s", name)
		}
		data, err := os.ReadFile(filepath.Join(recipeDir, name))
		if err != nil {
			t.Fatal(err)
		}
		inc, err := gomods.ParseInc(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(inc.Artifacts, want) {
			t.Errorf("%s lists %d module files, go.sum needs %d: run make yocto-mods\nmissing: %v\nextra:   %v",
				name, len(inc.Artifacts), len(want), missing(want, inc.Artifacts), missing(inc.Artifacts, want))
		}
		if inc.GoSumDigest != gomods.Digest(goSum) {
			t.Errorf("%s was generated from another go.sum: run make yocto-mods", name)
		}
	}
}

func missing(want, have []gomods.Artifact) []gomods.Artifact {
	var m []gomods.Artifact
	for _, a := range want {
		if !slices.Contains(have, a) {
			m = append(m, a)
		}
	}
	return m
}

// TestLicensesIncInSync recomputes which modules hwident links and the md5
// of their license files from the local module cache (never the network).
func TestLicensesIncInSync(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(recipeDir, "hwident-licenses.inc"))
	if err != nil {
		t.Fatal(err)
	}
	inc, err := gomods.ParseLicensesInc(data)
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	linked, err := gomods.ListLinked(context.Background(), "..", env)
	if err != nil {
		t.Fatalf("%v (run go mod download)", err)
	}
	var names []string
	var files []gomods.LicenseFile
	for _, m := range linked {
		names = append(names, m.Path+"@"+m.Version)
		lf, err := gomods.ModuleLicenses(os.DirFS(m.Dir), m.Path, m.Version)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range lf {
			files = append(files, gomods.LicenseFile{Path: f.Path, MD5: f.MD5})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	if !slices.Equal(inc.Linked, names) {
		t.Errorf("hwident-licenses.inc lists linked modules %v, the build links %v: run make yocto-mods", inc.Linked, names)
	}
	if !slices.Equal(inc.Files, files) {
		t.Errorf("hwident-licenses.inc LIC_FILES_CHKSUM %v, module sources give %v: run make yocto-mods", inc.Files, files)
	}
}

// TestMenderBBAppends checks that the client packages lose exactly the path
// hwident-mender-identity ships and depend on it.
func TestMenderBBAppends(t *testing.T) {
	r := readBB(t, recipe)
	identityPath := r.get(t, "FILES:${PN}-mender-identity")
	if identityPath != "${datadir}/mender/identity/mender-device-identity" {
		t.Fatalf("FILES:${PN}-mender-identity = %q, want Mender's identity path", identityPath)
	}
	if !slices.Contains(strings.Fields(r.get(t, "PACKAGES")), "${PN}-mender-identity") {
		t.Fatal("PACKAGES lacks ${PN}-mender-identity")
	}
	dir := layerDir + "/dynamic-layers/mender/recipes-mender/mender-client/"
	for file, clientPkg := range map[string]string{
		"mender_%.bbappend":        "mender-auth", // C++ client: the script is in mender-auth
		"mender-client_%.bbappend": "${PN}",       // Go client: in the main package
	} {
		a := readBB(t, dir+file)
		if !strings.Contains(a.text, "do_install:append:class-target() {\n    rm -f ${D}"+identityPath+"\n") {
			t.Errorf("%s: do_install:append:class-target must remove ${D}%s", file, identityPath)
		}
		dep := a.get(t, "RDEPENDS:"+clientPkg+":append:class-target")
		if !slices.Contains(strings.Fields(dep), pn+"-mender-identity") {
			t.Errorf("%s: RDEPENDS:%s:append:class-target = %q, want %s-mender-identity", file, clientPkg, dep, pn)
		}
	}
}

// TestInstallMatchesPackages checks that do_install creates every packaged
// path and that the Mender entry points are links to the binary.
func TestInstallMatchesPackages(t *testing.T) {
	r := readBB(t, recipe)
	install := r.text[strings.Index(r.text, "\ndo_install() {"):]
	install = install[:strings.Index(install, "\n}\n")]
	for _, pkg := range []string{"${PN}", "${PN}-mender-identity", "${PN}-mender-inventory", "${PN}-conf"} {
		path := r.get(t, "FILES:"+pkg)
		if !strings.Contains(install, "${D}"+path+"\n") {
			t.Errorf("do_install does not create %s (FILES:%s)", path, pkg)
		}
	}
	for _, entry := range []string{"identity/mender-device-identity", "inventory/mender-inventory-hwident"} {
		if !strings.Contains(install, "ln -sf ${bindir}/hwident ${D}${datadir}/mender/"+entry+"\n") {
			t.Errorf("do_install: %s is not a link to ${bindir}/hwident", entry)
		}
	}
}

func TestSourceSchemes(t *testing.T) {
	r := readBB(t, recipe)
	if got := strings.Fields(r.get(t, "HWIDENT_SOURCE_SCHEMES")); !slices.Equal(got, identity.Schemes()) {
		t.Errorf("HWIDENT_SOURCE_SCHEMES = %v, hwident knows %v", got, identity.Schemes())
	}
	// The default HWIDENT_IDENTITY, one word per line, is a valid config.
	conf := strings.Join(strings.Fields(r.get(t, "HWIDENT_IDENTITY")), "\n")
	if _, err := identity.ParseConfig(conf); err != nil {
		t.Errorf("default HWIDENT_IDENTITY: %v", err)
	}
}
