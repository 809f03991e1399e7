package station

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/cli"
)

// result is what one in-process run of hwident produced.
type result struct {
	stdout, stderr string
	code           int
}

// run runs a station command line (args[0] the program's name) as
// cmd/hwident does.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	return cli.Main(&cli.App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}, Commands(), args[1:])
}

// runHwident runs the command line in-process with an empty environment
// (plus env) and returns its output and exit code.
func runHwident(t *testing.T, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	code := cli.ExitCode(err, &errb)
	return result{out.String(), errb.String(), code}
}
