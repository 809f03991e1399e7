package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/hwident/hwident/scripts/vmtest/plan"
	"github.com/u-root/u-root/pkg/kmodule"
	"golang.org/x/sys/unix"
)

const (
	runTimeout  = 30 * time.Second
	waitTimeout = 30 * time.Second
)

func runStep(s plan.Step) plan.Result {
	var err error
	switch {
	case len(s.Run) > 0:
		return runCommand(s.Run)
	case s.ReadFile != "":
		return readFile(s.ReadFile)
	case s.WriteFile != "":
		err = os.WriteFile(s.WriteFile, s.Data, 0)
	case s.WaitFor != "":
		err = waitFor(s.WaitFor)
	case s.LoadModule != "":
		err = kmodule.Probe(s.LoadModule, "")
	case s.HideDir != "":
		err = unix.Mount("tmpfs", s.HideDir, "tmpfs", 0, "size=1m")
	case s.RevealDir != "":
		err = unix.Unmount(s.RevealDir, 0)
	case s.SMBusWrite != nil:
		err = smbusWrite(*s.SMBusWrite, s.Data)
	default:
		err = errors.New("step has no action")
	}
	if err != nil {
		return plan.Result{Exit: -1, Err: err.Error()}
	}
	return plan.Result{}
}

func runCommand(argv []string) plan.Result {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = []string{"PATH=/usr/bin:/bin:/bbin"}
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := plan.Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.Exit = exit.ExitCode()
		if ctx.Err() != nil {
			r.Err = fmt.Sprintf("killed after %v", runTimeout)
		}
	default:
		r.Exit = -1
		r.Err = err.Error()
	}
	return r
}

func readFile(pattern string) plan.Result {
	path, err := single(pattern)
	if err == nil {
		var b []byte
		if b, err = os.ReadFile(path); err == nil {
			return plan.Result{Stdout: b}
		}
	}
	return plan.Result{Exit: -1, Err: err.Error()}
}

func single(pattern string) (string, error) {
	m, err := filepath.Glob(pattern)
	if err != nil {
		return "", err
	}
	if len(m) != 1 {
		return "", fmt.Errorf("%s matches %d files, want 1: %q", pattern, len(m), m)
	}
	return m[0], nil
}

func waitFor(pattern string) error {
	deadline := time.Now().Add(waitTimeout)
	for {
		m, err := filepath.Glob(pattern)
		if err != nil {
			return err
		}
		if len(m) > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing matched %s after %v", pattern, waitTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
