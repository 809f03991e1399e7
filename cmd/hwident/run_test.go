package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/cli"
)

// result is what one in-process run of hwident produced.
type result struct {
	stdout, stderr string
	code           int
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
