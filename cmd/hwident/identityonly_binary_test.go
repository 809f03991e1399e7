package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// TestIdentityOnlyBinary builds the identity-only binary (what the smallest
// devices and the Yocto recipe can ship) and runs it as a process on every
// board tree, also under Mender's script name: stdout, stderr and exit code
// must be what this test binary's build gives in-process (the default build
// when `go test` runs without tags, which TestBoards ties to the goldens).
func TestIdentityOnlyBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the identity-only binary: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hwident")
	build := exec.Command(goTool, "build", "-tags", "identityonly", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags identityonly: %v\n%s", err, out)
	}
	if err := exec.Command(bin, "label", "--help").Run(); err == nil {
		t.Fatal("the built binary has the label command: it is not the identity-only build")
	}
	menderName := filepath.Join(dir, "mender-device-identity")
	if err := os.Symlink(bin, menderName); err != nil {
		t.Fatal(err)
	}

	type run struct {
		name string
		env  map[string]string
		args []string // args[0] is the program
	}
	var runs []run
	for _, b := range boards.Names {
		root := boards.Dir(t, b)
		runs = append(runs,
			run{b + "/identity", nil, []string{bin, "identity", "--root", root}},
			run{b + "/identity-auto", nil, []string{bin, "identity", "--config", "testdata/config/net-auto.conf", "--root", root}},
			run{b + "/identity-json", nil, []string{bin, "identity", "--format", "json", "--root", root}},
			run{b + "/identity-id", nil, []string{bin, "identity", "--format", "id", "--root", root}},
			run{b + "/show", nil, []string{bin, "show", "--root", root}},
			run{b + "/show-json", nil, []string{bin, "show", "--json", "--root", root}},
			run{b + "/mender-device-identity", map[string]string{"HWIDENT_ROOT": root}, []string{menderName}},
		)
	}
	runs = append(runs,
		run{"no-interface", nil, []string{bin, "identity", "--root", t.TempDir()}},
		run{"version", nil, []string{bin, "version"}},
		run{"usage", nil, []string{bin, "identity", "--no-such-flag"}},
	)
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			want := runHwident(t, "", r.env, append([]string{filepath.Base(r.args[0])}, r.args[1:]...)...)
			cmd := exec.Command(r.args[0], r.args[1:]...)
			cmd.Env = []string{}
			for k, v := range r.env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			code := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				code = ee.ExitCode()
			}
			got := result{stdout.String(), stderr.String(), code}
			if got != want {
				t.Errorf("identity-only binary: exit %d\nstdout:\n%s\nstderr:\n%s\nin-process: exit %d\nstdout:\n%s\nstderr:\n%s",
					got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
			}
		})
	}
}
