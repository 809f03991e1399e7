//go:build identityonly

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// Without modem support modem:imei is a known source this build cannot
// read: a clear error, nothing on stdout.
func TestModemSourceNotInBuild(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "hwident.conf")
	os.WriteFile(cfg, []byte("imei=modem:imei\n"), 0o644)
	res := runHwident(t, "", nil, "hwident", "identity", "--root", boards.Dir(t, "rpi4"), "--config", cfg)
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "not supported by this build") {
		t.Errorf("exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
	}
}
