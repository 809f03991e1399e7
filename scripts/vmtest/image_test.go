package vmtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hwident/hwident/scripts/vmtest/plan"
	"github.com/u-root/gobusybox/src/pkg/golang"
	"github.com/u-root/mkuimage/cpio"
	"github.com/u-root/mkuimage/uimage"
	"github.com/u-root/uio/llog"

	// The busybox build of u-root's init resolves init's imports through
	// this module: importing its library keeps them in go.mod and go.sum.
	_ "github.com/u-root/u-root/pkg/libinit"
)

// Where the shipped binary sits in the guest, and Mender's path to it.
const (
	guestHwident      = "/usr/bin/hwident"
	guestMenderScript = "/usr/share/mender/identity/mender-device-identity"
)

// buildDir holds what every test of this run shares (binaries, base
// initramfs images); TestMain creates and removes it.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hwident-vmtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// baseImage returns the board's initramfs: u-root's init, our guest uinit,
// the shipped hwident binary and the kernel modules. It is built once and
// shared by every scenario on the board.
func (b *board) baseImage(t *testing.T, k kernelFiles) string {
	t.Helper()
	b.once.Do(func() {
		start := time.Now()
		b.image, b.err = b.buildImage(k)
		t.Logf("building the %s initramfs took %v", b.goarch, time.Since(start).Round(time.Millisecond))
	})
	if b.err != nil {
		t.Fatalf("building the %s initramfs: %v", b.goarch, b.err)
	}
	return b.image
}

func (b *board) buildImage(k kernelFiles) (string, error) {
	dir := filepath.Join(buildDir, b.goarch)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return "", err
	}
	bin, err := b.hwidentBinary(dir)
	if err != nil {
		return "", err
	}
	files, err := moduleFiles(k, b.modules)
	if err != nil {
		return "", err
	}
	files = append(files, bin+":"+strings.TrimPrefix(guestHwident, "/"))
	out := filepath.Join(dir, "base.cpio")
	var log bytes.Buffer
	err = uimage.Create(llog.New(slog.LevelInfo, llog.WritePrintf(&log)),
		uimage.WithEnv(golang.DisableCGO(), golang.WithGOOS("linux"), golang.WithGOARCH(b.goarch)),
		uimage.WithBusyboxCommands(
			"github.com/u-root/u-root/cmds/core/init",
			"github.com/hwident/hwident/scripts/vmtest/guest",
		),
		uimage.WithInit("init"),
		uimage.WithUinit("guest"),
		uimage.WithFiles(files...),
		uimage.WithSymlink(strings.TrimPrefix(guestMenderScript, "/"), guestHwident),
		uimage.WithSkipLDD(),
		uimage.WithTempDir(filepath.Join(dir, "tmp")),
		uimage.WithCPIOOutput(out),
	)
	if err != nil {
		return "", fmt.Errorf("mkuimage: %w\n%s", err, log.Bytes())
	}
	return out, nil
}

// hwidentBinary is the binary `make cross` ships for the board, or the one
// named by HWIDENT_VMTEST_BIN_<GOARCH> (e.g. a dist/ file under test).
func (b *board) hwidentBinary(dir string) (string, error) {
	if p := os.Getenv("HWIDENT_VMTEST_BIN_" + strings.ToUpper(b.goarch)); p != "" {
		return filepath.Abs(p)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "hwident")
	cmd := exec.Command("go", "build", "-tags", "device", "-trimpath", "-ldflags=-s -w", "-o", out, "./cmd/hwident")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+b.goarch, "GOARM=7", "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building hwident for %s: %w\n%s", b.goarch, err, msg)
	}
	return out, nil
}

// moduleFiles lists host:guest pairs for the named modules, everything they
// depend on, and the index files the guest's module loader reads.
func moduleFiles(k kernelFiles, names []string) ([]string, error) {
	modDir := path.Join("lib", "modules", k.version)
	hostDir := filepath.Join(k.root, modDir)
	deps, err := readModulesDep(filepath.Join(hostDir, "modules.dep"))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	var add func(rel string)
	add = func(rel string) {
		if want[rel] {
			return
		}
		want[rel] = true
		for _, d := range deps[rel] {
			add(d)
		}
	}
	byName := map[string]string{}
	for rel := range deps {
		byName[moduleName(rel)] = rel
	}
	for _, n := range names {
		rel, ok := byName[strings.ReplaceAll(n, "-", "_")]
		if !ok {
			return nil, fmt.Errorf("kernel %s has no module %s (built in? then drop it from the board's list)", k.version, n)
		}
		add(rel)
	}
	files := []string{}
	for _, f := range []string{"modules.dep", "modules.builtin"} {
		files = append(files, filepath.Join(hostDir, f)+":"+path.Join(modDir, f))
	}
	for rel := range want {
		files = append(files, filepath.Join(hostDir, rel)+":"+path.Join(modDir, rel))
	}
	sort.Strings(files)
	return files, nil
}

// readModulesDep parses modules.dep: "kernel/a.ko: kernel/b.ko kernel/c.ko".
func readModulesDep(p string) (map[string][]string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	deps := map[string][]string{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		mod, rest, ok := strings.Cut(s.Text(), ":")
		if ok {
			deps[mod] = strings.Fields(rest)
		}
	}
	return deps, s.Err()
}

func moduleName(rel string) string {
	base := path.Base(rel)
	base = base[:strings.Index(base, ".ko")]
	return strings.ReplaceAll(base, "-", "_")
}

// writeInitramfs writes the base image followed by a second cpio archive
// with the plan and the scenario's files; the kernel unpacks both.
func writeInitramfs(t *testing.T, base string, steps []plan.Step, files map[string]string) string {
	t.Helper()
	p, err := json.Marshal(steps)
	if err != nil {
		t.Fatal(err)
	}
	recs := []cpio.Record{cpio.StaticFile(strings.TrimPrefix(plan.Path, "/"), string(p), 0o644)}
	for name, content := range files {
		recs = append(recs, cpio.StaticFile(strings.TrimPrefix(name, "/"), content, 0o644))
	}
	out := filepath.Join(t.TempDir(), "initramfs.cpio")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := os.Open(base)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	n, err := io.Copy(f, in)
	if err != nil {
		t.Fatal(err)
	}
	// The kernel skips zero padding between archives; it wants the next
	// header aligned.
	if _, err := f.Write(make([]byte, (512-n%512)%512)); err != nil {
		t.Fatal(err)
	}
	w := cpio.Newc.Writer(f)
	if err := cpio.WriteRecordsAndDirs(w, recs); err != nil {
		t.Fatal(err)
	}
	if err := cpio.WriteTrailer(w); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}
