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
		if len(args) == 1 || args[0] != "help" || args[1] == "help" { // help X is X's help
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
	if len(stationCommands()) > 0 || name == "" || strings.Contains(name, " ") {
		return ""
	}
	this := "identity-only build"
	if len(deviceCommands()) > 0 {
		this = "device build"
	} else if strings.Contains(" label product inventory cid eeprom ", " "+name+" ") {
		return this + "; the default and device builds have it"
	}
	if strings.Contains(" bind mender serve ledger ", " "+name+" ") {
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
	// By name: each time the least one after the last printed (a handful
	// of commands, and no sort package: docs/size.md).
	last := ""
	for range cmds {
		next := -1
		for i := range cmds {
			if cmds[i].Name > last && (next < 0 || cmds[i].Name < cmds[next].Name) {
				next = i
			}
		}
		fmt.Fprintf(&b, "  %-10s %s\n", cmds[next].Name, cmds[next].Summary)
		last = cmds[next].Name
	}
	return b.String()
}
