package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// nic is a machine whose only interface is Mender's pick: without a
// config, identity prints mac=00:11:22:33:44:55.
var nic = map[string]string{
	"sys/class/net/eth0/type":    "1\n",
	"sys/class/net/eth0/ifindex": "2\n",
	"sys/class/net/eth0/address": "00:11:22:33:44:55\n",
	"etc/serial":                 "SERIAL-0042\n",
}

// treeWith is boards.Write(nic plus files), then links (name -> target),
// FIFOs and sparse files of the given sizes.
func treeWith(t *testing.T, files, links map[string]string, fifos []string, sparse map[string]int64) string {
	t.Helper()
	all := map[string]string{}
	for k, v := range nic {
		all[k] = v
	}
	for k, v := range files {
		all[k] = v
	}
	root := boards.Write(t, all)
	mkdir := func(name string) string {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, target := range links {
		if err := os.Symlink(target, mkdir(name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range fifos {
		if err := syscall.Mkfifo(mkdir(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, size := range sparse {
		f, err := os.Create(mkdir(name))
		if err == nil {
			err = f.Truncate(size)
			f.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestConfigThatCannotBeRead: only a config that does not exist means
// Mender's default scheme; one that exists but cannot be read is exit 1
// with nothing on stdout, never the default mac= (another device to the
// server).
func TestConfigThatCannotBeRead(t *testing.T) {
	const conf = "etc/hwident.conf"
	tests := []struct {
		name   string
		files  map[string]string
		links  map[string]string
		fifos  []string
		sparse map[string]int64
		stderr string // "" = success with want
		want   string
	}{
		{name: "no config", want: "mac=00:11:22:33:44:55\n"},
		{name: "absolute link resolved under the root", files: map[string]string{"data/hwident.conf": "sn=file:/etc/serial\n"},
			links: map[string]string{conf: "/data/hwident.conf"}, want: "sn=SERIAL-0042\n"},
		{name: "dangling link (/data not mounted)", links: map[string]string{conf: "/data/hwident.conf"}, stderr: "symbolic link to a missing file"},
		{name: "dangling directory link", files: map[string]string{"mnt/x": ""}, links: map[string]string{"etc/hwident.conf": "/conf/hwident.conf", "conf": "/mnt/conf"}, stderr: "symbolic link to a missing file"},
		{name: "link loop", links: map[string]string{conf: "hwident.conf"}, stderr: "too many levels of symbolic links"},
		{name: "FIFO", fifos: []string{conf}, stderr: "FIFO"},
		{name: "directory", files: map[string]string{conf + "/x": ""}, stderr: "directory"},
		{name: "5 MiB", sparse: map[string]int64{conf: 5 << 20}, stderr: "larger than 4194304 bytes"},
		{name: "not a directory on the way", links: map[string]string{conf: "/etc/serial/hwident.conf"}, stderr: "not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := treeWith(t, tc.files, tc.links, tc.fifos, tc.sparse)
			r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
			if tc.stderr == "" {
				if r.code != 0 || r.stdout != tc.want {
					t.Errorf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, tc.want)
				}
				return
			}
			if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, tc.stderr) || !strings.Contains(r.stderr, "/etc/hwident.conf") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, %q about /etc/hwident.conf", r.code, r.stdout, r.stderr, tc.stderr)
			}
		})
	}
}

func TestConfigPermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a file of mode 000")
	}
	root := treeWith(t, map[string]string{"etc/hwident.conf": "sn=file:/etc/serial\n"}, nil, nil, nil)
	os.Chmod(filepath.Join(root, "etc/hwident.conf"), 0)
	if r := runHwident(t, "", nil, "hwident", "identity", "--root", root); r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "permission denied") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestHostFilesBounded: --config, @pin and file: on the host's /dev/zero
// are refused at once (they used to read until memory ran out).
func TestHostFilesBounded(t *testing.T) {
	dir := t.TempDir()
	serial := filepath.Join(dir, "serial")
	os.WriteFile(serial, []byte("SERIAL-0042\n"), 0o644)
	for _, tc := range []struct{ name, config string }{
		{"file:/dev/zero", "sn=file:/dev/zero\n"},
		{"@pin /dev/zero", "sn=file:" + serial + "\n@pin /dev/zero\n"},
	} {
		cfg := filepath.Join(dir, "hwident.conf")
		os.WriteFile(cfg, []byte(tc.config), 0o644)
		r := runHwident(t, "", nil, "hwident", "identity", "--root", "/", "--config", cfg)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "character device, not a regular file") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", tc.name, r.code, r.stdout, r.stderr)
		}
	}
	r := runHwident(t, "", nil, "hwident", "identity", "--config", "/dev/zero")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "character device, not a regular file") {
		t.Errorf("--config /dev/zero: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestSourceFiles: file: and eeprom: read regular files only, file: at
// most 4 KiB; @pin that exists but cannot be read is an error, not
// "nothing pinned" (which would pin the hardware again over it).
func TestSourceFiles(t *testing.T) {
	pinConf := "sn=file:/etc/serial\n@pin /data/hwident/identity\n"
	tests := []struct {
		name   string
		config string
		links  map[string]string
		fifos  []string
		sparse map[string]int64
		stderr string
	}{
		{"file: FIFO", "sn=file:/etc/fifo\n", nil, []string{"etc/fifo"}, nil, "FIFO"},
		{"file: 1 GiB sparse", "sn=file:/etc/big\n", nil, nil, map[string]int64{"etc/big": 1 << 30}, "larger than 4096 bytes"},
		{"file: 4097 bytes", "sn=file:/etc/big\n", nil, nil, map[string]int64{"etc/big": 4097}, "larger than 4096 bytes"},
		{"file: dangling", "sn=file:/etc/sn\n", map[string]string{"etc/sn": "/data/sn"}, nil, nil, "symbolic link to a missing file"},
		{"eeprom: FIFO", "sn=eeprom:/etc/fifo:onie:serial_number\n", nil, []string{"etc/fifo"}, nil, "FIFO"},
		{"@pin dangling", pinConf, map[string]string{"data/hwident/identity": "/mnt/pin"}, nil, nil, "symbolic link to a missing file"},
		{"@pin FIFO", pinConf, nil, []string{"data/hwident/identity"}, nil, "FIFO"},
		{"@pin 5 MiB", pinConf, nil, nil, map[string]int64{"data/hwident/identity": 5 << 20}, "larger than"},
		{"@pin loop", pinConf, map[string]string{"data/hwident/identity": "identity"}, nil, nil, "too many levels"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := treeWith(t, map[string]string{"etc/hwident.conf": tc.config}, tc.links, tc.fifos, tc.sparse)
			r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
			if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, %q", r.code, r.stdout, r.stderr, tc.stderr)
			}
			if l, ok := tc.links["data/hwident/identity"]; ok {
				if got, err := os.Readlink(filepath.Join(root, "data/hwident/identity")); err != nil || got != l {
					t.Errorf("the pin link was replaced: %q, %v", got, err)
				}
			}
		})
	}
}

// TestMissingRoot: a --root that does not exist is named, not read as a
// machine without interfaces (identity) or hardware (show, exit 0).
func TestMissingRoot(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexistent")
	for _, cmd := range []string{"identity", "show"} {
		r := runHwident(t, "", nil, "hwident", cmd, "--root", missing)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, missing) || !strings.Contains(r.stderr, "no such file or directory") {
			t.Errorf("%s --root %s: exit %d, stdout %q, stderr %q", cmd, missing, r.code, r.stdout, r.stderr)
		}
		r = runHwident(t, "", map[string]string{"HWIDENT_ROOT": missing}, "hwident", cmd)
		if r.code != 1 || !strings.Contains(r.stderr, missing) {
			t.Errorf("HWIDENT_ROOT=%s %s: exit %d, stderr %q", missing, cmd, r.code, r.stderr)
		}
	}
}
