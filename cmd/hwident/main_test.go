package main

import (
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/cli"
)

// TestCommandNotInBuild: a command left out of this build says so and
// names the builds that have it, instead of "unknown command". Run in
// every flavour (-tags identityonly, -tags device, default).
func TestCommandNotInBuild(t *testing.T) {
	have := map[string]bool{}
	for _, c := range commands() {
		have[c.Name] = true
	}
	builds := map[string]string{ // where each command left out of some build is
		"label": "the default and device builds", "product": "the default and device builds", "inventory": "the default and device builds",
		"cid": "the default and device builds", "eeprom": "the default and device builds",
		"bind": "the default (station) build", "mender": "the default (station) build",
		"serve": "the default (station) build", "ledger": "the default (station) build",
	}
	for name, where := range builds {
		if have[name] {
			if notInBuild(name) != "" {
				t.Errorf("%s is in this build, notInBuild says %q", name, notInBuild(name))
			}
			continue
		}
		r := runHwident(t, "", nil, "hwident", name, "--help")
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "is not in the ") || !strings.Contains(r.stderr, "; "+where) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, r.code, r.stdout, r.stderr)
		}
	}
	if len(stationCommands()) > 0 && len(have) != len(coreCommands())+len(builds) {
		t.Errorf("the default build has %d commands; notInBuild must know every command not in the core", len(have))
	}
	if r := runHwident(t, "", nil, "hwident", "frob\x1b[2J"); r.code != 2 || strings.Contains(r.stderr, "\x1b") || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestHelpOfEveryCommand: for every command and subcommand of this build,
// X -h, X --help and hwident help X print one text (X help too where X has
// subcommands), beginning with its usage, and exit 0.
func TestHelpOfEveryCommand(t *testing.T) {
	var walk func(path []string, cmds []cli.Command)
	walk = func(path []string, cmds []cli.Command) {
		for _, c := range cmds {
			words := append(path[:len(path):len(path)], c.Name)
			spellings := [][]string{append(words, "-h"), append(words, "--help"), append([]string{"help"}, words...)}
			if len(c.Sub) > 0 {
				spellings = append(spellings, append(words, "help"))
			}
			want := runHwident(t, "", nil, append([]string{"hwident"}, spellings[0]...)...)
			if want.code != 0 || !strings.HasPrefix(want.stdout, "usage: hwident "+strings.Join(words, " ")) || want.stderr != "" {
				t.Errorf("%q: exit %d, stdout %q, stderr %q", spellings[0], want.code, want.stdout, want.stderr)
			}
			for _, args := range spellings[1:] {
				if r := runHwident(t, "", nil, append([]string{"hwident"}, args...)...); r != want {
					t.Errorf("%q: exit %d, stdout %q, stderr %q; %q printed %q", args, r.code, r.stdout, r.stderr, spellings[0], want.stdout)
				}
			}
			walk(words, c.Sub)
		}
	}
	walk(nil, commands())
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"-h", "identity"}, {"help", "help"}} {
		if r := runHwident(t, "", nil, append([]string{"hwident"}, args...)...); r.code != 0 || !strings.Contains(r.stdout, "\ncommands:\n") {
			t.Errorf("%q: exit %d, stdout %q; want the command list", args, r.code, r.stdout)
		}
	}
}
