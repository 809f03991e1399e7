//go:build identityonly

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The identity-only build names the @inventory-cert certificates in show
// but reads none of them.
func TestShowInventoryCertsNotRead(t *testing.T) {
	res := runHwident(t, "", nil, "hwident", "show", "--root", filepath.Join("testdata", "inventory-cert"))
	if res.code != 0 || strings.Count(res.stdout, "not read by the identity-only build") != 3 || strings.Contains(res.stdout, "cert_sha256") {
		t.Errorf("exit %d, stdout:\n%s", res.code, res.stdout)
	}
}
