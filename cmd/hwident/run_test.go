package main

import (
	"bytes"
	"os"
	"path/filepath"
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

// writeTree creates files (path -> contents) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}
