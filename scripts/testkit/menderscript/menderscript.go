// Package menderscript gives the tests that compare net:mender with
// Mender's own support/mender-device-identity the script and the shell to
// run it with. The script reads the fixed path /sys/class/net, so each
// case is bind-mounted on /sys in a private mount namespace: the tests
// need root and unshare(1), and skip without them or without the script.
package menderscript

import (
	"os"
	"os/exec"
	"testing"
)

// Get returns the script (MENDER_IDENTITY_SCRIPT) and the shell that runs
// it (MENDER_IDENTITY_SHELL, default sh; e.g. "busybox sh" as on Yocto
// images), or skips t when the comparison cannot run here. `make test`
// sets both with Debian's copy of the script (scripts/setup-test-deps.sh).
func Get(t *testing.T) (script, shell string) {
	t.Helper()
	script = os.Getenv("MENDER_IDENTITY_SCRIPT")
	if script == "" {
		t.Skip("set MENDER_IDENTITY_SCRIPT to Mender's support/mender-device-identity to compare with it")
	}
	if err := exec.Command("unshare", "-m", "true").Run(); err != nil {
		t.Skipf("cannot make a mount namespace (needs root): %v", err)
	}
	shell = os.Getenv("MENDER_IDENTITY_SHELL")
	if shell == "" {
		shell = "sh"
	}
	return script, shell
}
