// Command hwident reads stable hardware identifiers and prints them as a
// Mender device identity, QR labels and more. It is a multi-call binary:
// installed as mender-device-identity it behaves as `hwident identity`.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hwident/hwident/identity"
)

func main() {
	err := run(os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	os.Exit(exitCode(err, os.Stderr))
}

// app carries the process's standard streams and environment to commands,
// so tests run commands in-process.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one subcommand. run gets the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(a *app, args []string) error
}

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
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	name := "hwident"
	if len(args) > 0 {
		name = filepath.Base(args[0])
		args = args[1:]
	}
	if cmd := argv0Command(name); cmd != "" {
		args = append([]string{cmd}, args...)
	}
	if len(args) == 0 {
		return usageErr("no command given\n\n%s", a.commandList())
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		_, err := io.WriteString(stdout, a.commandList())
		return err
	case "--version", "-version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(a, args[1:])
		}
	}
	if builds := notInBuild(args[0]); builds != "" {
		return usageErr("command %q is not in the %s", args[0], builds)
	}
	return usageErr("unknown command %s\n\n%s", identity.QuoteName(args[0]), a.commandList())
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

func commands() []command {
	cmds := coreCommands()
	cmds = append(cmds, deviceCommands()...)
	cmds = append(cmds, stationCommands()...)
	return cmds
}

func (a *app) commandList() string {
	var b strings.Builder
	b.WriteString("usage: hwident COMMAND [flags]   (hwident COMMAND --help for details)\n\ncommands:\n")
	cmds := commands()
	// By insertion: a handful of commands, and no sort package (docs/size.md).
	for i := 1; i < len(cmds); i++ {
		for j := i; j > 0 && cmds[j].name < cmds[j-1].name; j-- {
			cmds[j], cmds[j-1] = cmds[j-1], cmds[j]
		}
	}
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	return b.String()
}

// usageError marks errors caused by the command line (exit code 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// errUsage matches every *usageError in errors.Is. exitCode does not use
// errors.As: its reflection code costs space (docs/size.md).
var errUsage = errors.New("usage error")

func (e *usageError) Is(target error) bool { return target == errUsage }

func usageErr(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitCode prints err and maps it to the documented exit codes:
// 0 ok, 1 runtime failure, 2 usage error.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "hwident: %v\n", err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}
