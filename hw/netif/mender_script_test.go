package netif

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/menderscript"
)

// TestMenderAgainstScript runs Mender's own script on every TestMender case
// and compares its stdout and success with Mender(). The script is not in
// this repository: set MENDER_IDENTITY_SCRIPT to a copy of
// support/mender-device-identity. It reads the fixed path /sys/class/net,
// so each case is bind-mounted on /sys in a private mount namespace, which
// needs root and unshare(1). MENDER_IDENTITY_SHELL picks the shell that
// runs it (default sh; e.g. "busybox sh" as on Yocto images).
func TestMenderAgainstScript(t *testing.T) {
	script, shell := menderscript.Get(t)
	for _, tc := range allMenderCases() {
		t.Run(tc.name, func(t *testing.T) {
			if tc.dashOnly && strings.Contains(shell, "busybox") {
				t.Skip("busybox differs here; hwident follows dash (docs/net-auto.md)")
			}
			root := t.TempDir()
			for name, f := range files(tc.files) {
				p := filepath.Join(root, name)
				var err error
				if f.Mode.IsDir() {
					err = os.MkdirAll(p, 0o755)
				} else if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
					err = os.WriteFile(p, f.Data, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("unshare", "-m", "sh", "-c",
				`mount --make-rprivate / && mount --bind "$1/sys" /sys && exec $3 "$2"`, "sh", root, script, shell)
			cmd.Dir = root // relative paths of split names resolve under the root, as under / on a device
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			scriptErr := cmd.Run()

			name, addr, err := Mender(files(tc.files))
			want := ""
			if err == nil {
				want = "mac=" + addr + "\n"
				if tc.noNewline {
					want = strings.TrimSuffix(want, "\n")
				}
			}
			if (scriptErr == nil) != (err == nil) || stdout.String() != want {
				t.Errorf("script: %q, %v (stderr %q)\nMender: %q (%s), %v", stdout.String(), scriptErr, stderr.String(), want, name, err)
			}
		})
	}
}
