package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeviceBuildHasNoServerDeps: the service's libraries (PostgreSQL
// driver, Prometheus client, argon2) stay out of the device and
// identity-only builds, whose size is budgeted.
func TestDeviceBuildHasNoServerDeps(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not in PATH")
	}
	for _, tags := range []string{"device", "identityonly"} {
		out, err := exec.Command(goBin, "list", "-deps", "-tags", tags, ".").Output()
		if err != nil {
			t.Fatalf("go list -tags %s: %v", tags, err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			for _, banned := range []string{"github.com/jackc/", "github.com/prometheus/", "golang.org/x/crypto", "/cmd/internal/store", "/cmd/internal/server", "/cmd/internal/replicate"} {
				if strings.Contains(pkg, banned) {
					t.Errorf("-tags %s links %s", tags, pkg)
				}
			}
		}
	}
}
