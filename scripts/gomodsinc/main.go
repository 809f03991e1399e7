// Command gomodsinc regenerates the Go module includes of the Yocto recipe
// from go.sum (run it as `make yocto-mods` after go.sum changes):
//
//	hwident-go-mods.inc        gomod:// entries (bitbake with the gomod fetcher)
//	hwident-go-mods-proxy.inc  https:// module proxy entries (scarthgap)
//	hwident-licenses.inc       licenses of the modules linked into hwident
//
// bitbake checks every download against a sha256 of the file the module
// proxy serves; go.sum does not record it, so files whose sum is not in the
// existing proxy include are downloaded once (into a temporary module cache,
// from the proxy only) to compute it.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hwident/hwident/yocto/gomods"
)

const recipeDir = "yocto/meta-hwident/recipes-support/hwident"

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gomodsinc:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("gomodsinc", flag.ContinueOnError)
	fl.SetOutput(stderr)
	proxy := fl.String("proxy", "https://proxy.golang.org", "module proxy the sums are computed from (the files bitbake downloads must be identical)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	mods, err := gomods.ParseGoSum(goSum)
	if err != nil {
		return err
	}
	dir := filepath.Join(root, recipeDir)
	sums, err := knownSums(filepath.Join(dir, "hwident-go-mods-proxy.inc"))
	if err != nil {
		return err
	}
	if err := addMissingSums(ctx, *proxy, mods, sums, stderr); err != nil {
		return err
	}
	digest := gomods.Digest(goSum)
	goModInc, err := gomods.GoModInc(mods, sums, digest)
	if err != nil {
		return err
	}
	proxyInc, err := gomods.ProxyInc(mods, sums, digest)
	if err != nil {
		return err
	}
	licInc, err := licensesInc(ctx, root)
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		"hwident-go-mods.inc":       goModInc,
		"hwident-go-mods-proxy.inc": proxyInc,
		"hwident-licenses.inc":      licInc,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "gomodsinc: %d modules from go.sum written to %s\n", len(mods), recipeDir)
	return nil
}

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the hwident module: run from the repository")
	}
	return filepath.Dir(gomod), nil
}

// knownSums reads the sums of the current proxy include, which lists every
// artifact; a missing include means all sums are computed afresh.
func knownSums(path string) (gomods.Sums, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return gomods.Sums{}, nil
	}
	if err != nil {
		return nil, err
	}
	inc, err := gomods.ParseInc(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (delete it to recompute every sum)", path, err)
	}
	return inc.Sums, nil
}

// addMissingSums downloads, into a temporary module cache and from the proxy
// only, each module version with an artifact lacking a sum, and hashes its files.
func addMissingSums(ctx context.Context, proxy string, mods []gomods.Module, sums gomods.Sums, stderr io.Writer) error {
	var want []string
	for _, m := range mods {
		for _, a := range m.Artifacts() {
			if _, ok := sums[a]; !ok {
				want = append(want, m.Path+"@"+m.Version)
				break
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	fmt.Fprintf(stderr, "gomodsinc: downloading %d module versions from %s to compute their sha256\n", len(want), proxy)
	cache, err := os.MkdirTemp("", "gomodsinc-")
	if err != nil {
		return err
	}
	env := append(os.Environ(), "GOMODCACHE="+cache, "GOPROXY="+proxy, "GOFLAGS=-mod=mod")
	defer func() {
		clean := exec.Command("go", "clean", "-modcache")
		clean.Env = env
		clean.Run()
		os.RemoveAll(cache)
	}()
	// Outside the module, so go.mod and go.sum stay untouched; the go
	// command checks each download against the checksum database.
	cmd := exec.CommandContext(ctx, "go", append([]string{"mod", "download", "-json"}, want...)...)
	cmd.Dir = cache
	cmd.Env = env
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return fmt.Errorf("go mod download: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var d struct{ Path, Version, Zip, GoMod, Error string }
		if err := dec.Decode(&d); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("go mod download -json: %w", err)
		}
		if d.Error != "" {
			return fmt.Errorf("go mod download %s@%s: %s", d.Path, d.Version, d.Error)
		}
		for ext, file := range map[string]string{".mod": d.GoMod, ".zip": d.Zip} {
			sum, err := sha256File(file)
			if err != nil {
				return err
			}
			sums[gomods.Artifact{Path: d.Path, Version: d.Version, Ext: ext}] = sum
		}
	}
	return nil
}

func sha256File(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:]), nil
}

// licensesInc lists the modules hwident links (device and identity-only
// builds) and their license files, from the local module cache.
func licensesInc(ctx context.Context, root string) ([]byte, error) {
	own, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	if err != nil {
		return nil, err
	}
	ownID, err := gomods.Classify(own)
	if err != nil {
		return nil, fmt.Errorf("LICENSE: %w", err)
	}
	linked, err := gomods.ListLinked(ctx, root, os.Environ())
	if err != nil {
		return nil, err
	}
	var names []string
	var files []gomods.LicenseFile
	for _, m := range linked {
		if m.Dir == "" {
			return nil, fmt.Errorf("%s@%s is not in the module cache: run go mod download", m.Path, m.Version)
		}
		lf, err := gomods.ModuleLicenses(os.DirFS(m.Dir), m.Path, m.Version)
		if err != nil {
			return nil, err
		}
		names = append(names, m.Path+"@"+m.Version)
		files = append(files, lf...)
	}
	return gomods.LicensesInc(ownID, names, files), nil
}
