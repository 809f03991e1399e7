package cli

import (
	"errors"
	"fmt"
	"io"
)

// sentinel is an error made at compile time: unlike errors.New, it needs
// no code to initialise in every build (docs/size.md).
type sentinel struct{ text string }

func (e *sentinel) Error() string { return e.text }

// ErrHelp is what Parse returns for -h/--help (package flag's ErrHelp text).
var ErrHelp error = &sentinel{"flag: help requested"}

// ErrUnknown is Main's answer for a command name no command has.
var ErrUnknown error = &sentinel{"unknown command"}

// errUsage marks the errors caused by the command line (exit code 2).
var errUsage error = &sentinel{"usage error"}

// IsUsage reports whether err is or wraps a usage error.
func IsUsage(err error) bool { return errors.Is(err, errUsage) }

// Usagef is a usage error with a message formatted as fmt.Errorf does. It
// also wraps errUsage, with "%.0w", which prints nothing: a usage error type
// of its own, with its methods, would cost every build space (docs/size.md).
func Usagef(format string, args ...any) error {
	return fmt.Errorf("%w%.0w", fmt.Errorf(format, args...), errUsage)
}

// ExitCode prints err and maps it to the documented exit codes:
// 0 ok, 1 runtime failure, 2 usage error.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "hwident: %v\n", err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}
