package cli

import (
	"errors"
	"fmt"
	"io"
)

// ErrHelp is what Parse returns for -h/--help (package flag's ErrHelp text).
var ErrHelp = errors.New("flag: help requested")

// ErrUnknown is Main's answer for a command name no command has.
var ErrUnknown = errors.New("unknown command")

// UsageError marks errors caused by the command line (exit code 2).
type UsageError struct{ err error }

func (e *UsageError) Error() string { return e.err.Error() }
func (e *UsageError) Unwrap() error { return e.err }

// errUsage matches every *UsageError in errors.Is. ExitCode does not use
// errors.As: its reflection code costs space (docs/size.md).
var errUsage = errors.New("usage error")

func (e *UsageError) Is(target error) bool { return target == errUsage }

// IsUsage reports whether err is or wraps a usage error.
func IsUsage(err error) bool { return errors.Is(err, errUsage) }

// Usagef is a usage error with a message formatted as fmt.Errorf does.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
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
