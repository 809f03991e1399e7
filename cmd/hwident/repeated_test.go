package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// twoNICs is a config that repeats a key: the x86 board's wired NIC and
// its USB NIC, with another attribute between them.
const twoNICs = "mac=net:enp3s0\nboard=dmi:board_serial\nmac=net:enx00e04c680123\n"

func repeatedKeyRoot(t *testing.T) (root, cfg string) {
	t.Helper()
	cfg = filepath.Join(t.TempDir(), "hwident.conf")
	if err := os.WriteFile(cfg, []byte(twoNICs), 0o644); err != nil {
		t.Fatal(err)
	}
	return boards.Dir(t, "x86"), cfg
}

// A repeated key through every identity output: one Mender line per value
// in config order, the id_data list in that order (as the server
// canonicalises it: Go's encoding/json of the client's parse), its hash.
func TestIdentityRepeatedKey(t *testing.T) {
	root, cfg := repeatedKeyRoot(t)
	run := func(format string) string {
		t.Helper()
		res := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg, "--format", format)
		if res.code != 0 {
			t.Fatalf("--format %s: exit %d: %s", format, res.code, res.stderr)
		}
		return res.stdout
	}
	const h = "M80-C4019900532" // the board's DMI board_serial
	lines := run("mender")
	if want := "mac=a8:a1:59:0e:22:f3\nboard=" + h + "\nmac=00:e0:4c:68:01:23\n"; lines != want {
		t.Fatalf("mender: %q, want %q", lines, want)
	}
	// The server's canonical form, computed independently: the client's
	// parse (a repeated key appends) marshalled by encoding/json.
	ref, _ := json.Marshal(map[string]any{"mac": []string{"a8:a1:59:0e:22:f3", "00:e0:4c:68:01:23"}, "board": h})
	if got := run("json"); got != string(ref)+"\n" {
		t.Errorf("json: %q, want %q", got, ref)
	}
	id, err := identity.ParseLines(lines)
	if err != nil {
		t.Fatal(err)
	}
	if got := run("id"); got != id.ID()+"\n" {
		t.Errorf("id: %q, want %s", got, id.ID())
	}
	// Same key, same source twice: an error with the line; and two sources
	// that read the same NIC.
	for text, want := range map[string]string{
		"mac=net:enp3s0\nmac=net:enp3s0\n": "line 2",
		"mac=net:auto\nmac=net:enp3s0\n":   "line 2: repeated config key reads the same value as line 1",
	} {
		os.WriteFile(cfg, []byte(text), 0o644)
		res := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg)
		if res.code == 0 || res.stdout != "" || !strings.Contains(res.stderr, want) {
			t.Errorf("%q: exit %d, %q, %q; want an error naming %q", text, res.code, res.stdout, res.stderr, want)
		}
	}
	// A missing second NIC fails the whole identity: the documented risk.
	os.WriteFile(cfg, []byte("mac=net:enp3s0\nmac=net:eth9\n"), 0o644)
	if res := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg); res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "net:eth9") {
		t.Errorf("missing NIC: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
}

// @pin keeps a repeated key's order through the pin file.
func TestPinRepeatedKey(t *testing.T) {
	// The pin path is resolved under --root: the root must be a copy, or
	// the test would write into the board tree.
	_, cfg := repeatedKeyRoot(t)
	root := boards.Copy(t, "x86")
	if err := os.WriteFile(cfg, []byte(twoNICs+"@pin /data/pin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg)
	again := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--config", cfg)
	if first.code != 0 || again.stdout != first.stdout || strings.Count(first.stdout, "mac=") != 2 {
		t.Errorf("pinned: %q then %q (%s)", first.stdout, again.stdout, again.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "pin")); err != nil {
		t.Errorf("pin not written under the root: %v", err)
	}
}
