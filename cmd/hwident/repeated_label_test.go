//go:build !identityonly

package main

import (
	"strings"
	"testing"
)

// A repeated key survives the label: the payload printed for the device
// decodes to the same lines, so the station binds the same identity hash.
func TestLabelRepeatedKey(t *testing.T) {
	root, cfg := repeatedKeyRoot(t)
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg)
	p := runHwident(t, "", nil, "hwident", "label", "--root", root, "--config", cfg, "--format", "payload")
	if id.code != 0 || p.code != 0 {
		t.Fatalf("identity %d %q; label %d %q", id.code, id.stderr, p.code, p.stderr)
	}
	dec := runHwident(t, "", nil, "hwident", "label", "decode", strings.TrimSpace(p.stdout))
	if dec.code != 0 || dec.stdout != id.stdout {
		t.Errorf("label decode: exit %d %q, want %q (%s)", dec.code, dec.stdout, id.stdout, dec.stderr)
	}
	// And as the Memfault and hawkBit agents get it.
	hb := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg, "--format", "hawkbit")
	if !strings.Contains(hb.stdout, "\nmac = a8:a1:59:0e:22:f3, 00:e0:4c:68:01:23\nboard = M80-C4019900532\n") {
		t.Errorf("hawkbit: %q", hb.stdout)
	}
}
