// Command hwident reads stable hardware identifiers and prints them as a
// Mender device identity, QR labels and more. It is a multi-call binary:
// installed as mender-device-identity it behaves as `hwident identity`.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/identity"
)

func main() {
	err := run(os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	os.Exit(cli.ExitCode(err, os.Stderr))
}

// app is the process (cli.App) with main's own helpers: opening the
// machine, reading inputs.
type app struct{ *cli.App }

// argv0Command is the command hwident runs when installed under name.
func argv0Command(name string) string {
	switch name {
	case "mender-device-identity":
		return "identity"
	case "mender-inventory-hwident":
		return "inventory"
	}
	return ""
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	a := &cli.App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}
	name := "hwident"
	if len(args) > 0 {
		name = filepath.Base(args[0])
		args = args[1:]
	}
	if cmd := argv0Command(name); cmd != "" {
		args = append([]string{cmd}, args...)
	}
	cmds := commands()
	if len(args) == 0 {
		return cli.Usagef("no command given\n\n%s", commandList(cmds))
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		if len(args) == 1 {
			_, err := io.WriteString(stdout, commandList(cmds))
			return err
		}
	case "--version", "-version":
		args[0] = "version"
	}
	err := cli.Main(a, cmds, args)
	if err != cli.ErrUnknown {
		return err
	}
	if args[0] == "help" {
		args = args[1:]
	}
	if builds := notInBuild(args[0]); builds != "" {
		return cli.Usagef("command %q is not in the %s", args[0], builds)
	}
	return cli.Usagef("unknown command %s\n\n%s", identity.QuoteName(args[0]), commandList(cmds))
}

// notInBuild says which builds have a command left out of this one, ""
// for a command every build has, or none.
func notInBuild(name string) string {
	this := "identity-only build"
	switch {
	case len(stationCommands()) > 0:
		return ""
	case len(deviceCommands()) > 0:
		this = "device build"
	case name == "label", name == "product", name == "inventory", name == "cid", name == "eeprom":
		return this + "; the default and device builds have it"
	}
	if name == "bind" || name == "mender" || name == "serve" || name == "ledger" {
		return this + "; the default (station) build has it"
	}
	return ""
}

func commands() []cli.Command {
	cmds := coreCommands()
	cmds = append(cmds, deviceCommands()...)
	cmds = append(cmds, stationCommands()...)
	return cmds
}

func commandList(cmds []cli.Command) string {
	var b strings.Builder
	b.WriteString("usage: hwident COMMAND [flags]   (hwident COMMAND --help for details)\n\ncommands:\n")
	// By insertion: a handful of commands, and no sort package (docs/size.md).
	for i := 1; i < len(cmds); i++ {
		for j := i; j > 0 && cmds[j].Name < cmds[j-1].Name; j-- {
			cmds[j], cmds[j-1] = cmds[j-1], cmds[j]
		}
	}
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-10s %s\n", c.Name, c.Summary)
	}
	return b.String()
}
