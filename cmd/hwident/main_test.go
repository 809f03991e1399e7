package main

import (
	"strings"
	"testing"
)

// TestCommandNotInBuild: a command left out of this build says so and
// names the builds that have it, instead of "unknown command". Run in
// every flavour (-tags identityonly, -tags device, default).
func TestCommandNotInBuild(t *testing.T) {
	have := map[string]bool{}
	for _, c := range commands() {
		have[c.name] = true
	}
	for _, name := range []string{"label", "product", "inventory", "bind", "mender"} {
		if buildsWith(name) == "" {
			t.Errorf("%s: buildsWith does not know it", name)
		}
		if have[name] {
			continue
		}
		r := runHwident(t, "", nil, "hwident", name, "--help")
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "not in this build of hwident ("+thisBuild()+"); it is in "+buildsWith(name)) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, r.code, r.stdout, r.stderr)
		}
	}
	if thisBuild() == "default" && len(have) != len(coreCommands())+5 {
		t.Errorf("the default build has %d commands; buildsWith must list every command not in the core", len(have))
	}
	if r := runHwident(t, "", nil, "hwident", "frob\x1b[2J"); r.code != 2 || strings.Contains(r.stderr, "\x1b") || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: exit %d, stderr %q", r.code, r.stderr)
	}
}
