package cli

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// Flags is a command's flag set. It has package flag's syntax, messages
// and usage layout: -name or --name, -name=value or -name value, booleans
// as -name or -name=false, "--" ends the flags, parsing stops at the first
// argument that is not a flag, -h/--help asks for the usage. It is not
// package flag because of what that costs (docs/size.md): reflection for the
// defaults, float parsing, and every Set method in the program kept alive
// by the flag.Value interface. Parse errors become usage errors (exit 2,
// message on stderr); --help prints the command's help on stdout (exit 0).
type Flags struct {
	cmd    *Command
	name   string // the command's path: "bind status"
	stdout io.Writer
	defs   []*flagDef
	args   []string
	// Interspersed: flags may follow operands, as GNU getopt allows
	// (bind unbind --ledger L PRD --operator o); "--" still ends them.
	Interspersed bool
}

// flagDef is one flag. set parses a value into the flag's variable: a func
// rather than an interface, so that other types' Set methods stay out.
type flagDef struct {
	name, usage string
	def         string // the default as the usage shows it
	zero        string // the type's zero value as text: no "(default ...)"
	placeholder string // value name in the usage when usage has no `NAME`
	quoted      bool   // show the default quoted (strings)
	isBool      bool
	set         func(string) error
}

// Set errors, as package flag words them.
var (
	errFlagParse error = &sentinel{"parse error"}
	errFlagRange error = &sentinel{"value out of range"}
)

func (f *Flags) Name() string   { return f.name }
func (f *Flags) Args() []string { return f.args }

// Arg is the i'th argument left after the flags, "" if there is none.
func (f *Flags) Arg(i int) string {
	if i < 0 || i >= len(f.args) {
		return ""
	}
	return f.args[i]
}

func (f *Flags) String(name, value, usage string) *string {
	p := &value
	f.defs = append(f.defs, &flagDef{name: name, usage: usage, def: value, placeholder: "string", quoted: true,
		set: func(s string) error { *p = s; return nil }})
	return p
}

func (f *Flags) Bool(name string, value bool, usage string) *bool {
	p := new(bool)
	*p = value
	f.defs = append(f.defs, &flagDef{name: name, usage: usage, def: strconv.FormatBool(value), zero: "false", isBool: true,
		set: func(s string) error {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return errFlagParse
			}
			*p = v
			return nil
		}})
	return p
}

func (f *Flags) Int(name string, value int, usage string) *int {
	p := new(int)
	*p = value
	f.defs = append(f.defs, &flagDef{name: name, usage: usage, def: strconv.Itoa(value), zero: "0", placeholder: "int",
		set: func(s string) error {
			v, err := strconv.ParseInt(s, 0, strconv.IntSize)
			if errors.Is(err, strconv.ErrRange) {
				return errFlagRange
			}
			if err != nil {
				return errFlagParse
			}
			*p = int(v)
			return nil
		}})
	return p
}

func (f *Flags) Duration(name string, value time.Duration, usage string) *time.Duration {
	p := new(time.Duration)
	*p = value
	f.defs = append(f.defs, &flagDef{name: name, usage: usage, def: value.String(), zero: "0s", placeholder: "duration",
		set: func(s string) error {
			v, err := time.ParseDuration(s)
			if err != nil {
				return errFlagParse
			}
			*p = v
			return nil
		}})
	return p
}

// Var defines a flag of a custom type; its zero value must print as "".
func (f *Flags) Var(v interface {
	String() string
	Set(string) error
}, name, usage string) {
	f.defs = append(f.defs, &flagDef{name: name, usage: usage, def: v.String(), placeholder: "value", set: v.Set})
}

// Parse parses the command's arguments; --help prints the command's help
// and returns ErrHelp.
func (f *Flags) Parse() error {
	err := f.parseFlags(f.args)
	if err == ErrHelp {
		io.WriteString(f.stdout, f.cmd.help(f))
		return err
	}
	if err != nil {
		return Usagef("%s: %w (see hwident %s --help)", f.name, err, f.name)
	}
	return nil
}

func (f *Flags) parseFlags(args []string) error {
	f.args = args
	var operands []string // operands before flags, when interspersed
	var err error
loop:
	for len(f.args) > 0 && err == nil {
		s := f.args[0]
		if len(s) < 2 || s[0] != '-' {
			if !f.Interspersed {
				break
			}
			operands, f.args = append(operands, s), f.args[1:]
			continue
		}
		name := s[1:]
		if name[0] == '-' {
			if len(name) == 1 { // "--" ends the flags
				f.args = f.args[1:]
				break loop
			}
			name = name[1:]
		}
		if name == "" || name[0] == '-' || name[0] == '=' {
			err = errors.New("bad flag syntax: " + s)
			break
		}
		f.args = f.args[1:]
		value, hasValue := "", false
		if i := strings.IndexByte(name[1:], '='); i >= 0 {
			name, value, hasValue = name[:i+1], name[i+2:], true
		}
		var d *flagDef
		for _, def := range f.defs {
			if def.name == name {
				d = def
				break
			}
		}
		switch {
		case d == nil && (name == "help" || name == "h"):
			err = ErrHelp
		case d == nil:
			err = errors.New("flag provided but not defined: -" + name)
		case d.isBool && hasValue:
			if serr := d.set(value); serr != nil {
				err = errors.New("invalid boolean value " + strconv.Quote(value) + " for -" + name + ": " + serr.Error())
			}
		case d.isBool:
			if serr := d.set("true"); serr != nil {
				err = errors.New("invalid boolean flag " + name + ": " + serr.Error())
			}
		default:
			if !hasValue && len(f.args) > 0 {
				value, hasValue, f.args = f.args[0], true, f.args[1:]
			}
			if !hasValue {
				err = errors.New("flag needs an argument: -" + name)
			} else if serr := d.set(value); serr != nil {
				err = errors.New("invalid value " + strconv.Quote(value) + " for flag -" + name + ": " + serr.Error())
			}
		}
	}
	f.args = append(operands, f.args...)
	return err
}

// defaults lists the flags by name as flag.PrintDefaults does (sorting
// f.defs: only --help asks, and parsing is over by then).
func (f *Flags) defaults() string {
	// By insertion: a handful of flags, and no sort package (docs/size.md).
	d := f.defs
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && d[j].name < d[j-1].name; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
	var b strings.Builder
	for _, d := range f.defs {
		line := "  -" + d.name
		name, usage := d.placeholder, d.usage
		if i := strings.IndexByte(usage, '`'); i >= 0 {
			if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
				name = usage[i+1 : i+1+j]
				usage = usage[:i] + name + usage[i+2+j:]
			}
		}
		if name != "" {
			line += " " + name
		}
		// One-letter booleans keep their usage on the same line.
		if len(line) <= 4 {
			line += "\t"
		} else {
			line += "\n    \t"
		}
		line += strings.ReplaceAll(usage, "\n", "\n    \t")
		switch {
		case d.def == d.zero:
		case d.quoted:
			line += " (default " + strconv.Quote(d.def) + ")"
		default:
			line += " (default " + d.def + ")"
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// MachineFlags defines --root and --config, which every command reading
// this machine shares, with one wording.
func (f *Flags) MachineFlags() (root, config *string) {
	return f.String("root", "", "read the machine under `DIR` (default $HWIDENT_ROOT or /)"),
		f.String("config", "", "config `FILE` (default /etc/hwident.conf under the root)")
}
