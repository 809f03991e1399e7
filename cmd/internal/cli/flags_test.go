package cli

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// listValue is a repeatable custom flag, like label's --text.
type listValue []string

func (l *listValue) String() string     { return strings.Join(*l, ",") }
func (l *listValue) Set(s string) error { *l = append(*l, s); return nil }

// flagResult is everything a parse leaves behind.
type flagResult struct {
	err                     string
	str, def, usage         string
	on, off                 bool
	n, big                  int
	wait                    time.Duration
	list                    []string
	args                    []string
	defaults                string
	helpRequested, anyError bool
}

// definer is what our flags and package flag's FlagSet have in common.
type definer interface {
	String(name, value, usage string) *string
	Bool(name string, value bool, usage string) *bool
	Int(name string, value int, usage string) *int
	Duration(name string, value time.Duration, usage string) *time.Duration
	Var(v flag.Value, name, usage string)
}

func parseWithPackageFlag(args []string) flagResult {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	r, get := defineFlags(fs)
	err := fs.Parse(args)
	get()
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	r.defaults = b.String()
	r.args = fs.Args()
	r.finish(err, err == flag.ErrHelp)
	return *r
}

func parseWithOurs(args []string) flagResult {
	fs := &Flags{cmd: &Command{Name: "t", Synopsis: "t"}, name: "t", stdout: io.Discard}
	r, get := defineFlags(oursAsDefiner{fs})
	err := fs.parseFlags(args)
	get()
	r.defaults = fs.defaults()
	r.args = fs.Args()
	r.finish(err, err == ErrHelp)
	return *r
}

// oursAsDefiner adapts Var's parameter type.
type oursAsDefiner struct{ *Flags }

func (o oursAsDefiner) Var(v flag.Value, name, usage string) { o.Flags.Var(v, name, usage) }

// defineFlags defines flags of every kind, default and usage layout; the
// func it returns copies their values into the result.
func defineFlags(d definer) (*flagResult, func()) {
	r := &flagResult{}
	str := d.String("name", "", "a `NAME`")
	def := d.String("format", "mender", "output format: mender|json")
	usage := d.String("u", "x\"y", "line one\nline two")
	on := d.Bool("on", true, "on by default")
	off := d.Bool("q", false, "quiet")
	n := d.Int("n", 0, "a count")
	big := d.Int("bus", -1, "bus `N`")
	wait := d.Duration("wait", 30*time.Second, "wait `D`")
	var list listValue
	d.Var(&list, "text", "repeatable `LINE`")
	return r, func() {
		r.str, r.def, r.usage, r.on, r.off, r.n, r.big, r.wait = *str, *def, *usage, *on, *off, *n, *big, *wait
		r.list = slices.Clone(list)
	}
}

func (r *flagResult) finish(err error, help bool) {
	if err != nil {
		r.err, r.anyError = err.Error(), true
	}
	r.helpRequested = help
}

var flagCases = [][]string{
	nil,
	{"file"},
	{"-name", "x", "file"},
	{"--name=x", "--", "-n", "3"},
	{"-name=", "a"},
	{"-name"},
	{"-q", "-on=false", "-n", "0x10", "rest", "-q"},
	{"-q=maybe"},
	{"-n", "abc"},
	{"-n", "99999999999999999999"},
	{"-bus=-2", "-wait", "1m30s"},
	{"-wait", "soon"},
	{"-text", "a", "--text=b", "-text", "-c"},
	{"-h"},
	{"--help", "x"},
	{"-nope"},
	{"---x"},
	{"-=x"},
	{"-"},
	{"--"},
	{"-on", "x"},
	{"-name=a=b"},
}

func TestFlagsMatchPackageFlag(t *testing.T) {
	for _, args := range flagCases {
		checkFlagsMatch(t, args)
	}
}

func checkFlagsMatch(t *testing.T, args []string) {
	t.Helper()
	want, got := parseWithPackageFlag(args), parseWithOurs(args)
	if got.err != want.err || got.helpRequested != want.helpRequested {
		t.Errorf("%q: error %q (help %v), package flag %q (help %v)", args, got.err, got.helpRequested, want.err, want.helpRequested)
	}
	if got.anyError {
		return // values after an error are not part of the contract
	}
	if got.defaults != want.defaults {
		t.Errorf("usage differs:\n%s\npackage flag:\n%s", got.defaults, want.defaults)
	}
	got.defaults, want.defaults = "", ""
	if !slices.Equal(got.args, want.args) || !slices.Equal(got.list, want.list) {
		t.Errorf("%q: args %q list %q, package flag args %q list %q", args, got.args, got.list, want.args, want.list)
	}
	got.args, want.args, got.list, want.list = nil, nil, nil, nil
	if got.str != want.str || got.def != want.def || got.usage != want.usage || got.on != want.on ||
		got.off != want.off || got.n != want.n || got.big != want.big || got.wait != want.wait {
		t.Errorf("%q: values %+v, package flag %+v", args, got, want)
	}
}

func TestFlagsHelpAndUsageErrors(t *testing.T) {
	var out strings.Builder
	fs := &Flags{cmd: &Command{Name: "demo", Synopsis: "demo [--root DIR]", Run: func(*App, *Flags) error { return nil }}, name: "demo", stdout: &out, args: []string{"--help"}}
	fs.String("root", "", "read the machine under `DIR`")
	if err := fs.Parse(); err != ErrHelp {
		t.Fatalf("--help: %v, want errHelp", err)
	}
	if want := "usage: hwident demo [--root DIR]\n\nflags:\n  -root DIR\n    \tread the machine under DIR\n"; out.String() != want {
		t.Errorf("--help printed %q, want %q", out.String(), want)
	}
	fs.args = []string{"--bogus"}
	err := fs.Parse()
	if !IsUsage(err) {
		t.Fatalf("--bogus: %T %v, want a usage error", err, err)
	}
	if want := "demo: flag provided but not defined: -bogus (see hwident demo --help)"; err.Error() != want {
		t.Errorf("--bogus: %q, want %q", err, want)
	}
}

// FuzzFlags checks that any command line parses exactly as package flag
// parses it: same error, values and remaining arguments.
func FuzzFlags(f *testing.F) {
	for _, args := range flagCases {
		f.Add(strings.Join(args, "\x00"))
	}
	f.Fuzz(func(t *testing.T, line string) {
		checkFlagsMatch(t, strings.Split(line, "\x00"))
	})
}
