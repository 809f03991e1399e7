package cli

import (
	"bytes"
	"strings"
	"testing"
)

// group is a command with subcommands and flags of its own, like bind.
func group(ran *[]string) []Command {
	leaf := func(name string) func(a *App, f *Flags) error {
		return func(a *App, f *Flags) error {
			f.String("ledger", "", "the ledger `FILE`")
			if err := f.Parse(); err != nil {
				return err
			}
			*ran = append(*ran, name+" "+strings.Join(f.Args(), ","))
			return nil
		}
	}
	return []Command{
		{Name: "bind", Synopsis: "bind --ledger FILE", Help: "bind binds.\n", Run: leaf("bind"),
			Sub: []Command{{Name: "status", Synopsis: "bind status --ledger FILE PRODUCT", Run: leaf("status")}}},
		{Name: "mender", Help: "mender talks to Mender.\n", Run: Subcommands,
			Sub: []Command{{Name: "tag", Synopsis: "mender tag --ledger FILE", Run: leaf("tag")}}},
	}
}

func runCLI(args ...string) (out string, ran []string, err error) {
	var b bytes.Buffer
	err = Main(&App{Stdout: &b, Stderr: &b}, group(&ran), args)
	return b.String(), ran, err
}

// TestHelpSpellings: X help, X -h, X --help and hwident help X print one
// text, generated from the declaration; flags are listed where X runs.
func TestHelpSpellings(t *testing.T) {
	for cmd, want := range map[string]string{
		"bind":        "usage: hwident bind --ledger FILE\n       hwident bind status --ledger FILE PRODUCT\n\nbind binds.\n\nflags:\n  -ledger FILE\n    \tthe ledger FILE\n",
		"bind status": "usage: hwident bind status --ledger FILE PRODUCT\n\nflags:\n  -ledger FILE\n    \tthe ledger FILE\n",
		"mender":      "usage: hwident mender tag --ledger FILE\n\nmender talks to Mender.\n",
	} {
		words := strings.Fields(cmd)
		spellings := [][]string{append(words[:len(words):len(words)], "-h"), append(words[:len(words):len(words)], "--help"), append([]string{"help"}, words...)}
		if len(words) == 1 {
			spellings = append(spellings, []string{words[0], "help"})
		}
		for _, args := range spellings {
			out, ran, err := runCLI(args...)
			if out != want || (err != nil && err != ErrHelp) || len(ran) > 0 {
				t.Errorf("%q: %q, %v, ran %q; want %q", args, out, err, ran, want)
			}
		}
	}
}

// TestHelpWithin: X help Y is help X Y, for a subcommand Y and for a word
// that is none (a usage error either way, nothing on stdout).
func TestHelpWithin(t *testing.T) {
	for _, pair := range [][2][]string{
		{{"bind", "help", "status"}, {"help", "bind", "status"}},
		{{"mender", "help", "tag"}, {"mender", "tag", "-h"}},
		{{"mender", "help", "frob"}, {"help", "mender", "frob"}},
		{{"bind", "help", "--ledger", "l"}, {"bind", "-h"}},
	} {
		got, ran, gotErr := runCLI(pair[0]...)
		want, _, wantErr := runCLI(pair[1]...)
		if got != want || IsUsage(gotErr) != IsUsage(wantErr) || len(ran) > 0 {
			t.Errorf("%q: %q, %v, ran %q; %q: %q, %v", pair[0], got, gotErr, ran, pair[1], want, wantErr)
		}
	}
	if out, _, err := runCLI("mender", "help", "frob"); !IsUsage(err) || out != "" {
		t.Errorf("mender help frob: %v, stdout %q; want a usage error", err, out)
	}
}

func TestDispatch(t *testing.T) {
	if _, ran, err := runCLI("bind", "status", "--ledger", "l", "P1"); err != nil || len(ran) != 1 || ran[0] != "status P1" {
		t.Errorf("bind status: %v, ran %q", err, ran)
	}
	if _, ran, err := runCLI("bind", "--ledger", "l"); err != nil || len(ran) != 1 || ran[0] != "bind " {
		t.Errorf("bind: %v, ran %q", err, ran)
	}
	for _, args := range [][]string{{"mender"}, {"mender", "frob"}, {"bind", "--bogus"}} {
		out, _, err := runCLI(args...)
		if !IsUsage(err) || out != "" {
			t.Errorf("%q: %v, stdout %q; want a usage error", args, err, out)
		}
	}
	if _, _, err := runCLI("frob"); err != ErrUnknown {
		t.Errorf("frob: %v, want ErrUnknown", err)
	}
}

// TestDoubleDashBeforeSubcommand: a group has no flags for "--" to end, so
// "X -- sub ..." runs sub as "X sub -- ...": the rest are its operands,
// even when they look like flags. A command with flags of its own (bind)
// takes the word after "--" as its operand.
func TestDoubleDashBeforeSubcommand(t *testing.T) {
	tests := []struct {
		args  []string
		ran   string // "" for a usage error
		usage string // what the usage error says
	}{
		{[]string{"mender", "--", "tag"}, "tag ", ""},
		{[]string{"mender", "--", "tag", "--ledger", "l"}, "tag --ledger,l", ""},
		{[]string{"mender", "--", "frob"}, "", `mender needs a subcommand, not "frob"`},
		{[]string{"mender", "--"}, "", "mender needs a subcommand\n"},
		{[]string{"bind", "--", "status"}, "bind status", ""},
	}
	for _, tt := range tests {
		out, ran, err := runCLI(tt.args...)
		if tt.ran != "" {
			if err != nil || len(ran) != 1 || ran[0] != tt.ran {
				t.Errorf("%q: %v, ran %q; want %q", tt.args, err, ran, tt.ran)
			}
			continue
		}
		if !IsUsage(err) || !strings.Contains(err.Error(), tt.usage) || len(ran) > 0 || out != "" {
			t.Errorf("%q: %v, ran %q, stdout %q; want a usage error saying %q", tt.args, err, ran, out, tt.usage)
		}
	}
}
