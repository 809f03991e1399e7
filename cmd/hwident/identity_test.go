package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

func TestIdentityFormats(t *testing.T) {
	root := boards.Write(t, map[string]string{
		"etc/hwident.conf": "# test\nserial=file:/etc/serial\nsku=file:/etc/sku\n",
		"etc/serial":       "SN<1&2>\n",
		"etc/sku":          "A%B\n",
	})
	tests := []struct{ format, want string }{
		{"mender", "serial=SN<1&2>\nsku=A%25B\n"},
		{"json", `{"serial":"SN\u003c1\u00262\u003e","sku":"A%25B"}` + "\n"},
		// printf '{"serial":"SN\u003c1\u00262\u003e","sku":"A%25B"}' | sha256sum
		{"id", "8dd68e8440660df98d6b6a52cccf6e4278151e943d1eefa24b42a89f9262b4b0\n"},
	}
	for _, tt := range tests {
		r := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--format", tt.format)
		if r.code != 0 || r.stdout != tt.want {
			t.Errorf("--format %s: code %d, stdout %q, stderr %q; want %q", tt.format, r.code, r.stdout, r.stderr, tt.want)
		}
	}
}

func TestIdentityFailsWhole(t *testing.T) {
	root := boards.Write(t, map[string]string{
		"etc/hwident.conf": "serial=file:/etc/serial\nboard=file:/etc/board\n",
		"etc/serial":       "GOOD123\n",
		"etc/board":        "To be filled by O.E.M.\n",
	})
	r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "board=file:/etc/board") {
		t.Fatalf("got code %d stdout %q stderr %q; want exit 1, empty stdout, the failing attribute named", r.code, r.stdout, r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"hwident"},
		{"hwident", "frobnicate"},
		{"hwident", "identity", "--format", "xml"},
		{"hwident", "identity", "--nope"},
		{"hwident", "identity", "extra"},
	} {
		r := runHwident(t, "", nil, args...)
		if r.code != 2 || r.stdout != "" || r.stderr == "" {
			t.Errorf("%q: code %d stdout %q stderr %q; want 2, nothing on stdout, a message", args, r.code, r.stdout, r.stderr)
		}
	}
	r := runHwident(t, "", nil, "hwident", "identity", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--format") && !strings.Contains(r.stdout, "-format") {
		t.Errorf("--help: code %d stdout %q", r.code, r.stdout)
	}
}

func TestMultiCallAndRootEnv(t *testing.T) {
	root := boards.Write(t, map[string]string{"etc/hwident.conf": "serial=file:/etc/serial\n", "etc/serial": "XYZ987\n"})
	r := runHwident(t, "", map[string]string{"HWIDENT_ROOT": root}, "/usr/share/mender/identity/mender-device-identity")
	if r.code != 0 || r.stdout != "serial=XYZ987\n" {
		t.Fatalf("mender-device-identity: code %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestConfigErrorNamesLine(t *testing.T) {
	root := boards.Write(t, map[string]string{"etc/hwident.conf": "a=file:/x\n\nb=nosuch:thing\n"})
	r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "line 3") {
		t.Fatalf("code %d stdout %q stderr %q; want exit 1 naming line 3", r.code, r.stdout, r.stderr)
	}
}

func TestPinning(t *testing.T) {
	root := boards.Write(t, map[string]string{
		"etc/hwident.conf": "serial=file:/etc/serial\n@pin /data/hwident/identity\n",
		"etc/serial":       "FIRST001\n",
	})
	identityOf := func() result { return runHwident(t, "", nil, "hwident", "identity", "--root", root) }

	if r := identityOf(); r.code != 0 || r.stdout != "serial=FIRST001\n" {
		t.Fatalf("first run: %+v", r)
	}
	pinFile := filepath.Join(root, "data/hwident/identity")
	if _, err := os.Stat(pinFile); err != nil {
		t.Fatalf("pin file not written: %v", err)
	}

	// The hardware now reads differently: the pinned identity is still emitted, with a warning.
	os.WriteFile(filepath.Join(root, "etc/serial"), []byte("SECOND02\n"), 0o644)
	if r := identityOf(); r.code != 0 || r.stdout != "serial=FIRST001\n" || !strings.Contains(r.stderr, "warning") {
		t.Fatalf("after drift: %+v", r)
	}
	if r := runHwident(t, "", nil, "hwident", "show", "--root", root); r.code != 0 || !strings.Contains(r.stdout, "DRIFT") {
		t.Fatalf("show does not report drift: %+v", r)
	}

	// Unreadable hardware: still the pinned identity.
	os.Remove(filepath.Join(root, "etc/serial"))
	if r := identityOf(); r.code != 0 || r.stdout != "serial=FIRST001\n" {
		t.Fatalf("hardware gone: %+v", r)
	}

	// A corrupted pin file is an error, never silently replaced.
	os.WriteFile(filepath.Join(root, "etc/serial"), []byte("FIRST001\n"), 0o644)
	b, _ := os.ReadFile(pinFile)
	os.WriteFile(pinFile, b[:len(b)-2], 0o644)
	if r := identityOf(); r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "corrupt") {
		t.Fatalf("corrupt pin: %+v", r)
	}
	if after, _ := os.ReadFile(pinFile); string(after) != string(b[:len(b)-2]) {
		t.Fatal("corrupt pin file was rewritten")
	}
}

// TestPinDriftShowAgrees: show reports drift exactly when identity warns
// of it. A reordered config reads the same values in another order: the
// output changes, identity warns, and show said the pin matched (it
// compared hashes, which sort the keys).
func TestPinDriftShowAgrees(t *testing.T) {
	root := boards.Write(t, map[string]string{
		"etc/hwident.conf": "a=file:/etc/a\nb=file:/etc/b\n@pin /data/hwident/identity\n",
		"etc/a":            "SERIAL-A1\n",
		"etc/b":            "SERIAL-B2\n",
	})
	if r := runHwident(t, "", nil, "hwident", "show", "--root", root); !strings.Contains(r.stdout, "nothing pinned yet") {
		t.Errorf("show before the first identity run: %q; want it to say nothing is pinned yet", r.stdout)
	}
	if r := runHwident(t, "", nil, "hwident", "identity", "--root", root); r.code != 0 {
		t.Fatalf("first run: %+v", r)
	}
	os.WriteFile(filepath.Join(root, "etc/hwident.conf"), []byte("b=file:/etc/b\na=file:/etc/a\n@pin /data/hwident/identity\n"), 0o644)
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	show := runHwident(t, "", nil, "hwident", "show", "--root", root)
	if warned, drift := strings.Contains(id.stderr, "warning"), strings.Contains(show.stdout, "DRIFT"); warned != drift {
		t.Errorf("identity warns %v (stderr %q), show reports drift %v", warned, id.stderr, drift)
	}
}
