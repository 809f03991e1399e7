// Package cli is hwident's command line: the declaration of a command and
// its subcommands, their dispatch and help, the flag parser, and the usage
// errors that exit 2. Every build links it, so it stays small and imports
// no package a device build must not link (docs/size.md).
package cli

import (
	"io"
	"strconv"
)

// App carries the process's standard streams and environment to commands,
// so tests run commands in-process.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Command declares a command or a subcommand; its help (X help, X -h,
// X --help, hwident help X) is generated from the declaration alone.
type Command struct {
	Name    string
	Summary string // one line in the list of commands
	// Synopsis is the usage after "hwident ", e.g. "bind status --ledger
	// FILE PRODUCT"; further lines are indented to stand under it. A
	// command that only groups subcommands shows theirs instead.
	Synopsis string
	Help     string // paragraphs after the usage lines, each line ending in "\n"
	// Run defines the command's flags on f, parses them (f.Parse) and runs;
	// Subcommands for a command that only groups subcommands.
	Run func(a *App, f *Flags) error
	Sub []Command
}

// Main runs the command line args (after the program's name, at least one)
// among cmds: "hwident help X ..." is "hwident X ... -h", and so is
// "X help ..." where X has subcommands. It returns ErrUnknown for a name no
// command has.
func Main(a *App, cmds []Command, args []string) error {
	if len(args) > 1 && args[0] == "help" {
		args = append(args[1:], "-h")
	}
	var c *Command
	path := ""
	for len(args) > 0 {
		if len(cmds) > 0 && c != nil && args[0] == "help" {
			args = append(args[1:], "-h")
			continue
		}
		i := 0
		for i < len(cmds) && cmds[i].Name != args[0] {
			i++
		}
		if i == len(cmds) {
			break
		}
		c, cmds, args = &cmds[i], cmds[i].Sub, args[1:]
		path += " " + c.Name
	}
	if c == nil {
		return ErrUnknown
	}
	return c.Run(a, &Flags{cmd: c, name: path[1:], stdout: a.Stdout, args: args})
}

// Subcommands is the Run of a command that only groups subcommands (Main
// has found none in the arguments): -h prints its help, anything else is
// a usage error. "X -- sub ..." is "X sub -- ...": a group has no flags
// for "--" to end, so the word after it still names the subcommand, and
// "--" ends the subcommand's flags.
func Subcommands(a *App, f *Flags) error {
	if len(f.args) > 1 && f.args[0] == "--" {
		for i := range f.cmd.Sub {
			if s := &f.cmd.Sub[i]; s.Name == f.args[1] {
				f.cmd, f.name, f.args = s, f.name+" "+s.Name, f.args[1:]
				f.args[0] = "--" // in place of the name, as Main moves "help"
				return s.Run(a, f)
			}
		}
	}
	if err := f.Parse(); err != nil {
		return err
	}
	what := "a subcommand"
	if len(f.args) > 0 {
		what += ", not " + strconv.Quote(f.args[0])
	}
	return Usagef("%s needs %s\n\n%s", f.name, what, f.cmd.help(f))
}

// help is the command's usage lines (its own and its subcommands'), its
// Help text and the flags Run defined on f. A command with subcommands
// and no flags of its own only groups them: it has no usage of its own.
func (c *Command) help(f *Flags) string {
	group := len(c.Sub) > 0 && len(f.defs) == 0
	text, lead := "", "usage: hwident "
	if !group {
		text, lead = lead+c.Synopsis+"\n", "       hwident "
	}
	for i := range c.Sub {
		text += lead + c.Sub[i].Synopsis + "\n"
		lead = "       hwident "
	}
	if c.Help != "" {
		text += "\n" + c.Help
	}
	if group {
		return text
	}
	return text + "\nflags:\n" + f.defaults()
}
