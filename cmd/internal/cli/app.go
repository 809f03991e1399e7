// Package cli is hwident's command line: the declaration of a command and
// its subcommands, their dispatch and help, the flag parser, and the usage
// errors that exit 2. Every build links it, so it stays small and imports
// no package a device build must not link (docs/size.md).
package cli

import "io"

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
	// command without Run shows its subcommands' instead.
	Synopsis string
	Help     string // paragraphs after the usage lines, each line ending in "\n"
	// Run defines the command's flags on f, parses them (f.Parse) and runs;
	// nil for a command that only has subcommands.
	Run func(a *App, f *Flags) error
	Sub []Command
}

// run runs the command with the arguments after its name, under its
// parent's path ("bind" for "bind status").
func (c *Command) run(a *App, path string, args []string) error {
	if path != "" {
		path += " "
	}
	path += c.Name
	if len(args) > 0 && len(c.Sub) > 0 {
		if s := c.sub(args[0]); s != nil {
			return s.run(a, path, args[1:])
		}
		// "help" where a subcommand may stand is -h.
		if args[0] == "help" {
			args = []string{"-h"}
		}
	}
	if c.Run == nil {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			_, err := io.WriteString(a.Stdout, c.help(nil))
			return err
		}
		if len(args) == 0 {
			names := c.Sub[0].Name
			for i := 1; i < len(c.Sub); i++ {
				sep := ", "
				if i == len(c.Sub)-1 {
					sep = " or "
				}
				names += sep + c.Sub[i].Name
			}
			return Usagef("%s needs %s\n\n%s", path, names, c.help(nil))
		}
		return Usagef("unknown %s subcommand %q\n\n%s", path, args[0], c.help(nil))
	}
	return c.Run(a, &Flags{cmd: c, name: path, stdout: a.Stdout, args: args})
}

func (c *Command) sub(name string) *Command {
	for i := range c.Sub {
		if c.Sub[i].Name == name {
			return &c.Sub[i]
		}
	}
	return nil
}

// help is the command's usage lines (its own and its subcommands'), its
// Help text and the flags Run defined on f (nil: Run is nil).
func (c *Command) help(f *Flags) string {
	text, lead := "", "usage: hwident "
	if c.Run != nil { // a group's synopsis is for its parent's help
		text, lead = lead+c.Synopsis+"\n", "       hwident "
	}
	for i := range c.Sub {
		text += lead + c.Sub[i].Synopsis + "\n"
		lead = "       hwident "
	}
	if c.Help != "" {
		text += "\n" + c.Help
	}
	if f == nil {
		return text
	}
	return text + "\nflags:\n" + f.defaults()
}

// Main runs the command line args (after the program name, at least one)
// among cmds: "hwident help X ..." is "hwident X ... --help". It returns
// ErrUnknown for a name no command has.
func Main(a *App, cmds []Command, args []string) error {
	if len(args) > 1 && args[0] == "help" {
		args = append(args[1:], "--help")
	}
	for i := range cmds {
		if cmds[i].Name == args[0] {
			return cmds[i].run(a, "", args[1:])
		}
	}
	return ErrUnknown
}
