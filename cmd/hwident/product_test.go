//go:build !identityonly

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

func TestProductSetGet(t *testing.T) {
	root := t.TempDir()
	res := runHwident(t, "", nil, "hwident", "product", "get", "--root", root)
	if res.code != 1 || res.stdout != "" {
		t.Fatalf("get before set: exit %d, %q; want exit 1 and no output", res.code, res.stdout)
	}
	if res := runHwident(t, "", nil, "hwident", "product", "set", "--root", root, " PRD-000123 "); res.code != 0 || res.stdout != "" {
		t.Fatalf("set: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	b, err := os.ReadFile(filepath.Join(root, "data/hwident/product-serial"))
	if err != nil || string(b) != "PRD-000123\n" {
		t.Fatalf("stored %q, %v", b, err)
	}
	if res := runHwident(t, "", nil, "hwident", "product", "get", "--root", root); res.code != 0 || res.stdout != "PRD-000123\n" {
		t.Errorf("get: exit %d, %q", res.code, res.stdout)
	}
	// The root can come from the environment, as under Mender.
	if res := runHwident(t, "", map[string]string{"HWIDENT_ROOT": root}, "hwident", "product", "get"); res.stdout != "PRD-000123\n" {
		t.Errorf("get with HWIDENT_ROOT: %q", res.stdout)
	}
}

func TestProductConfiguredPath(t *testing.T) {
	root := boards.Write(t, map[string]string{"etc/hwident.conf": "@product-serial /var/lib/product\n"})
	if res := runHwident(t, "", nil, "hwident", "product", "set", "--root", root, "SN-42"); res.code != 0 {
		t.Fatalf("set: exit %d, %s", res.code, res.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(root, "var/lib/product")); err != nil || string(b) != "SN-42\n" {
		t.Errorf("stored %q, %v", b, err)
	}
}

func TestProductRejects(t *testing.T) {
	root := t.TempDir()
	for _, args := range [][]string{
		{"product"},
		{"product", "set", "--root", root},
		{"product", "set", "--root", root, "A", "B"},
		{"product", "set", "--root", root, "To be filled by O.E.M."},
		{"product", "set", "--root", root, "SN\x01X"},
		{"product", "get", "--root", root, "extra"},
		{"product", "frob"},
	} {
		res := runHwident(t, "", nil, append([]string{"hwident"}, args...)...)
		if res.code != 2 || res.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q; want usage error 2", args, res.code, res.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "data")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a rejected serial created files: %v", err)
	}
	// A damaged stored serial is reported, not printed.
	bad := boards.Write(t, map[string]string{"data/hwident/product-serial": "\n"})
	if res := runHwident(t, "", nil, "hwident", "product", "get", "--root", bad); res.code != 1 || res.stdout != "" {
		t.Errorf("empty stored serial: exit %d, %q", res.code, res.stdout)
	}
}

// TestProductSerialUnreadable: a product-serial path that exists but
// cannot be read is an error that says so, not "no product serial stored"
// (the inventory script would then report the device as unbound).
func TestProductSerialUnreadable(t *testing.T) {
	tests := []struct {
		name   string
		links  map[string]string
		fifos  []string
		sparse map[string]int64
		stderr string
	}{
		{"missing", nil, nil, nil, "no product serial stored"},
		{"dangling link", map[string]string{"data/hwident/product-serial": "/mnt/data/product-serial"}, nil, nil, "symbolic link to a missing file"},
		{"FIFO", nil, []string{"data/hwident/product-serial"}, nil, "FIFO"},
		{"1 GiB", nil, nil, map[string]int64{"data/hwident/product-serial": 1 << 30}, "larger than 4096 bytes"},
	}
	for _, tc := range tests {
		root := treeWith(t, nil, tc.links, tc.fifos, tc.sparse)
		res := runHwident(t, "", nil, "hwident", "product", "get", "--root", root)
		if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, tc.stderr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.name, res.code, res.stdout, res.stderr, tc.stderr)
		}
	}
}
