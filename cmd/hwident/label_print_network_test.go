//go:build !identityonly

package main

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The station build prints to tcp:// and lp: (station.Printer); the device
// build refuses them and says which build has them.

func TestLabelDeviceBuildLeavesOutStationPrinters(t *testing.T) {
	if len(stationCommands()) > 0 {
		t.Skip("the station build has the network printers")
	}
	for _, args := range [][]string{{"--print", "tcp://127.0.0.1:9100"}, {"--print", "lp:zebra"}} {
		r := runHwident(t, macLines, nil, append([]string{"hwident", "label", "--identity", "-"}, args...)...)
		if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, "station") {
			t.Errorf("%q: code %d stdout %q stderr %q; want a failure naming the station build", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestLabelPrintTCP(t *testing.T) {
	skipOffStation(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		data, _ := io.ReadAll(c)
		c.Close()
		got <- data
	}()
	want := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--copies", "2").stdout
	r := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--copies", "2", "--print", "tcp://"+ln.Addr().String())
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("code %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if data := <-got; string(data) != want {
		t.Errorf("printer received %q, want %q", data, want)
	}
	// No port: 9100, also for an IPv6 literal; no host: a usage error, not
	// localhost.
	for _, target := range []string{"tcp://", "tcp://:9100"} {
		if r := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--print", target); r.code != 2 {
			t.Errorf("%s: code %d stderr %q, want a usage error", target, r.code, r.stderr)
		}
	}
	// Nothing listens on a closed port: the error says what to check.
	addr := ln.Addr().String()
	ln.Close()
	r = runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--print", "tcp://"+addr)
	if r.code != 1 || !strings.Contains(r.stderr, "check the printer") {
		t.Errorf("closed port: code %d stderr %q", r.code, r.stderr)
	}
}

func TestLabelPrintLP(t *testing.T) {
	skipOffStation(t)
	dir := t.TempDir()
	// A stand-in lp records its arguments and the job.
	bin := t.TempDir()
	script := "#!/bin/sh\necho \"$@\" > " + filepath.Join(dir, "lp.args") + "\ncat > " + filepath.Join(dir, "lp.job") + "\n"
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--print", "lp:zebra")
	args, _ := os.ReadFile(filepath.Join(dir, "lp.args"))
	job, _ := os.ReadFile(filepath.Join(dir, "lp.job"))
	if r.code != 0 || string(args) != "-d zebra -o raw\n" || !bytes.HasPrefix(job, []byte("^XA")) {
		t.Errorf("lp: code %d stderr %q args %q job %q", r.code, r.stderr, args, job)
	}
}

func skipOffStation(t *testing.T) {
	t.Helper()
	if len(stationCommands()) == 0 {
		t.Skip("network printers are in the station build only")
	}
}
