package vmtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// vm describes one boot of a scenario.
type vm struct {
	board *board
	// devices are the scenario's QEMU arguments (NICs, SMBIOS, cards...).
	devices []string
	// load is the modules_load= list u-root's init loads before the plan.
	load  []string
	steps []plan.Step
	// files are extra guest files (configs), path → contents.
	files map[string]string
}

// results are what one boot reported, by step name.
type results struct {
	steps   map[string]plan.Result
	console string
}

// defaultTimeout bounds one boot; TCG boots take seconds, a hang is a failure.
const defaultTimeout = 3 * time.Minute

// boot runs the VM to completion and returns its step results. Setup steps
// (everything but Run) that failed fail the test here.
func (v vm) boot(t *testing.T) results {
	t.Helper()
	k := v.board.require(t)
	initrd := writeInitramfs(t, v.board.baseImage(t, k), v.steps, v.files)

	timeout := defaultTimeout
	if s := os.Getenv("HWIDENT_VMTEST_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("HWIDENT_VMTEST_TIMEOUT=%q: %v", s, err)
		}
		timeout = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	cmdline := []string{"console=" + v.board.console, "quiet", "panic=-1"}
	if len(v.load) > 0 {
		cmdline = append(cmdline, "modules_load="+strings.Join(v.load, ","))
	}
	args := append(v.board.machine(k),
		"-accel", "tcg", // never KVM: it hangs on these hosts and must not be needed
		"-m", v.board.memory,
		"-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", k.kernel, "-initrd", initrd, "-append", strings.Join(cmdline, " "))
	args = append(args, v.devices...)
	cmd := exec.CommandContext(ctx, v.board.qemu, args...)

	var console bytes.Buffer
	out := io.Writer(&console)
	if os.Getenv("HWIDENT_VMTEST_CONSOLE") != "" {
		out = io.MultiWriter(&console, &prefixWriter{w: os.Stderr, prefix: t.Name() + ": "})
	}
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s boot took %v", v.board.goarch, time.Since(start).Round(time.Millisecond))
	r := parseConsole(console.String())
	r.console = console.String()
	switch {
	case ctx.Err() != nil:
		t.Fatalf("VM did not finish within %v (HWIDENT_VMTEST_TIMEOUT); console:\n%s\nqemu %s", timeout, tail(r.console), strings.Join(args, " "))
	case err != nil:
		t.Fatalf("qemu: %v; console:\n%s\nqemu %s", err, tail(r.console), strings.Join(args, " "))
	case !strings.Contains(r.console, plan.DoneMarker):
		t.Fatalf("the guest did not finish its plan; console:\n%s", tail(r.console))
	}
	for _, s := range v.steps {
		got, ok := r.steps[s.Name]
		switch {
		case !ok:
			t.Errorf("step %s: no result on the console", s.Name)
		case len(s.Run) == 0 && got.Err != "":
			t.Errorf("setup step %s failed in the guest: %s", s.Name, got.Err)
		}
	}
	if t.Failed() {
		// A setup step may have failed because a command before it did.
		for _, s := range v.steps {
			if got, ok := r.steps[s.Name]; ok && len(s.Run) > 0 {
				t.Logf("step %s: exit %d, stderr %q", s.Name, got.Exit, got.Stderr)
			}
		}
		t.FailNow()
	}
	return r
}

// parseConsole collects the result lines. Kernel messages may come before a
// marker on the same line, so the marker is searched, not anchored.
func parseConsole(console string) results {
	r := results{steps: map[string]plan.Result{}}
	for _, line := range strings.Split(console, "\n") {
		i := strings.Index(line, plan.ResultMarker)
		if i < 0 {
			continue
		}
		var res plan.Result
		if err := json.Unmarshal([]byte(strings.TrimRight(line[i+len(plan.ResultMarker):], "\r")), &res); err != nil {
			continue // a garbled line: the step then has no result, which fails
		}
		r.steps[res.Name] = res
	}
	return r
}

// step returns the result of the named Run step.
func (r results) step(t *testing.T, name string) plan.Result {
	t.Helper()
	res, ok := r.steps[name]
	if !ok {
		t.Fatalf("no result for step %s", name)
	}
	if res.Err != "" {
		t.Fatalf("step %s: %s", name, res.Err)
	}
	return res
}

// wantStdout asserts that a Run step succeeded and printed exactly want.
func (r results) wantStdout(t *testing.T, name, want string) {
	t.Helper()
	res := r.step(t, name)
	if res.Exit != 0 || string(res.Stdout) != want {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 0, stdout %q", name, res.Exit, res.Stdout, res.Stderr, want)
	}
}

// wantFailure asserts a runtime failure: exit 1, nothing on stdout and a
// message on stderr. It returns stderr for further checks.
func (r results) wantFailure(t *testing.T, name string) string {
	t.Helper()
	res := r.step(t, name)
	if res.Exit != 1 || len(res.Stdout) != 0 || len(bytes.TrimSpace(res.Stderr)) == 0 {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1, empty stdout, a message on stderr", name, res.Exit, res.Stdout, res.Stderr)
	}
	return string(res.Stderr)
}

// tail is the end of a console log, enough to see why a boot went wrong.
func tail(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 60 {
		lines = lines[len(lines)-60:]
	}
	return strings.Join(lines, "\n")
}

// prefixWriter streams a console to stderr with the test's name, so
// parallel boots stay readable.
type prefixWriter struct {
	w       io.Writer
	prefix  string
	midLine bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.midLine {
			out.WriteString(p.prefix)
		}
		out.Write(line)
		p.midLine = line[len(line)-1] != '\n'
	}
	_, err := p.w.Write(out.Bytes())
	return len(b), err
}

// run is a Run step of the shipped binary.
func run(name string, args ...string) plan.Step {
	return plan.Step{Name: name, Run: append([]string{guestHwident}, args...)}
}
