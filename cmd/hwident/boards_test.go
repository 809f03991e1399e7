package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
	"github.com/hwident/hwident/scripts/testkit/golden"
	"github.com/hwident/hwident/scripts/testkit/menderscript"
)

// TestBoards runs hwident in-process on every board tree and compares with
// golden files: the default identity (Mender's rule), mac=net:auto, and show.
func TestBoards(t *testing.T) {
	runs := []struct {
		suffix string
		args   []string
	}{
		{"identity", []string{"identity"}},
		{"identity-auto", []string{"identity", "--config", "testdata/config/net-auto.conf"}},
		{"show", []string{"show"}},
	}
	for _, b := range boards.Names {
		for _, r := range runs {
			t.Run(b+"/"+r.suffix, func(t *testing.T) {
				args := append([]string{"hwident"}, r.args...)
				res := runHwident(t, "", nil, append(args, "--root", boards.Dir(t, b))...)
				if res.code != 0 && res.stdout != "" {
					t.Errorf("exit %d with output on stdout: %q", res.code, res.stdout)
				}
				got := res.stdout
				if res.code != 0 {
					got = "exit " + strconv.Itoa(res.code) + "\n" + res.stderr
				}
				golden.Check(t, filepath.Join("testdata/golden", b+"."+r.suffix), []byte(got))
			})
		}
	}
}

// TestBoardsAsMenderScript runs hwident as Mender runs its identity script:
// under that name, without arguments; the root comes from HWIDENT_ROOT.
func TestBoardsAsMenderScript(t *testing.T) {
	for _, b := range boards.Names {
		env := map[string]string{"HWIDENT_ROOT": boards.Dir(t, b)}
		res := runHwident(t, "", env, "/usr/share/mender/identity/mender-device-identity")
		want, err := os.ReadFile(filepath.Join("testdata/golden", b+".identity"))
		if err != nil {
			t.Fatal(err)
		}
		if res.code != 0 || res.stdout != string(want) {
			t.Errorf("%s: exit %d, %q; want %q (stderr %q)", b, res.code, res.stdout, want, res.stderr)
		}
	}
}

// TestNoNICQualifies: when the configured NIC source finds nothing, the run
// fails as a whole: exit 1, nothing on stdout, the attribute named on stderr.
func TestNoNICQualifies(t *testing.T) {
	tests := []struct {
		name string
		root string
		args []string
	}{
		{"net:auto with only a locally administered NIC", boards.Dir(t, "vm"), []string{"--config", "testdata/config/net-auto.conf"}},
		{"Mender's rule without any interface", t.TempDir(), nil},
		{"Mender's rule with only lo and a dummy", boards.Write(t, map[string]string{
			"sys/class/net/lo/type": "772\n", "sys/class/net/lo/ifindex": "1\n",
			"sys/class/net/dummy0/type": "1\n", "sys/class/net/dummy0/ifindex": "2\n",
		}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runHwident(t, "", nil, append([]string{"hwident", "identity", "--root", tc.root}, tc.args...)...)
			if res.code != 1 || res.stdout != "" || res.stderr == "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, a reason on stderr", res.code, res.stdout, res.stderr)
			}
		})
	}
}

// TestBoardsShowJSON: show --json is valid JSON on every board.
func TestBoardsShowJSON(t *testing.T) {
	for _, b := range boards.Names {
		res := runHwident(t, "", nil, "hwident", "show", "--json", "--root", boards.Dir(t, b))
		var v map[string][]map[string]any
		if err := json.Unmarshal([]byte(res.stdout), &v); err != nil || res.code != 0 || len(v["net"]) == 0 {
			t.Errorf("%s: exit %d, %v, %d net entries:\n%s", b, res.code, err, len(v["net"]), res.stdout)
		}
	}
}

// TestBoardsAgainstMenderScript runs Mender's own support/mender-device-identity
// on every board tree (bind-mounted on /sys in a private mount namespace, so
// it needs root and unshare) and compares with hwident's default identity.
// Set MENDER_IDENTITY_SCRIPT to a copy of the script (scripts/setup-test-deps.sh
// says where to get it) and optionally MENDER_IDENTITY_SHELL ("busybox sh").
func TestBoardsAgainstMenderScript(t *testing.T) {
	script, shell := menderscript.Get(t)
	for _, b := range boards.Names {
		t.Run(b, func(t *testing.T) {
			root, err := filepath.Abs(boards.Dir(t, b))
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("unshare", "-m", "sh", "-c",
				`mount --make-rprivate / && mount --bind "$1/sys" /sys && exec $3 "$2"`, "sh", root, script, shell)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			scriptErr := cmd.Run()
			res := runHwident(t, "", nil, "hwident", "identity", "--root", root)
			if (scriptErr == nil) != (res.code == 0) || stdout.String() != res.stdout {
				t.Errorf("script: %q, %v (stderr %q)\nhwident: %q, exit %d", stdout.String(), scriptErr, stderr.String(), res.stdout, res.code)
			}
		})
	}
}
