//go:build !identityonly

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// memfaultd's rules for memfault-device-info values (memfaultd
// src/config/utils.rs): device id 1-127 of [A-Za-z0-9_-], hardware version
// 1-127 of [A-Za-z0-9_+.:-].
var (
	memfaultDeviceID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,127}$`)
	memfaultHardware = regexp.MustCompile(`^[A-Za-z0-9_+.:-]{1,127}$`)
)

func TestMemfaultFormat(t *testing.T) {
	root := boards.Dir(t, "rpi4")
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--format", "id")
	for _, args := range [][]string{
		{"hwident", "identity", "--root", root, "--format", "memfault"},
		{"hwident", "identity", "--format", "memfault", "--root", root},
	} {
		res := runHwident(t, "", nil, args...)
		if res.code != 0 {
			t.Fatalf("%q: exit %d: %s", args, res.code, res.stderr)
		}
		want := "MEMFAULT_DEVICE_ID=" + strings.TrimSpace(id.stdout) + "\nMEMFAULT_HARDWARE_VERSION=Raspberry-Pi-4-Model-B-Rev-1.4\n"
		if res.stdout != want {
			t.Errorf("%q: %q, want %q", args, res.stdout, want)
		}
		for _, l := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			k, v, _ := strings.Cut(l, "=")
			if re := map[string]*regexp.Regexp{"MEMFAULT_DEVICE_ID": memfaultDeviceID, "MEMFAULT_HARDWARE_VERSION": memfaultHardware}[k]; re == nil || !re.MatchString(v) {
				t.Errorf("line %q: memfaultd would reject it", l)
			}
		}
	}
	for in, want := range map[string]string{
		"Raspberry Pi 4 Model B Rev 1.4": "Raspberry-Pi-4-Model-B-Rev-1.4",
		"  ACME Box (rev. C) / 2×USB  ":  "ACME-Box-rev.-C-2-USB",
		"éé":                             "",
		strings.Repeat("x", 300):         strings.Repeat("x", 127),
	} {
		if got := memfaultHardwareVersion(in); got != want || got != "" && !memfaultHardware.MatchString(got) {
			t.Errorf("memfaultHardwareVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

// hawkbitGLib reads a key file with GLib itself (PyGObject), as
// rauc-hawkbit-updater does: target_name and the [device] section.
const hawkbitGLib = `
import gi, json, sys
gi.require_version("GLib", "2.0")
from gi.repository import GLib
k = GLib.KeyFile()
k.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
keys, _ = k.get_keys("device")
print(json.dumps({"target_name": k.get_string("client", "target_name"),
                  "server": k.get_string("client", "hawkbit_server"),
                  "device": [[x, k.get_string("device", x)] for x in keys]}))
`

func TestHawkbitFormat(t *testing.T) {
	id := identity.Identity{{Key: "mac", Value: "02:00:00:00:00:01"}, {Key: "serial", Value: ` lead\back`}, {Key: "mac", Value: "02:00:00:00:00:02"}, {Key: "note", Value: "a\nb=c;d"}}
	out := string(hawkbitConfig(id))
	want := "[client]\ntarget_name = " + id.ID() + "\n\n[device]\nmac = 02:00:00:00:00:01, 02:00:00:00:00:02\nserial = \\slead\\\\back\nnote = a%0Ab=c;d\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import gi").Run() != nil {
		t.Skip("no PyGObject (Debian python3-gi): cannot check against GLib")
	}
	// The documented install: a base config without target_name and
	// [device], with hwident's output appended (GLib merges the two
	// [client] groups).
	conf := filepath.Join(t.TempDir(), "config.conf")
	base := "[client]\nhawkbit_server = hawkbit.example.com:8080\nauth_token = x\nbundle_download_location = /tmp/b.raucb\n\n"
	os.WriteFile(conf, []byte(base+out), 0o644)
	b, err := exec.Command(py, "-c", hawkbitGLib, conf).CombinedOutput()
	if err != nil {
		t.Fatalf("GLib: %v: %s", err, b)
	}
	var got struct {
		TargetName string      `json:"target_name"`
		Server     string      `json:"server"`
		Device     [][2]string `json:"device"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	wantDevice := [][2]string{{"mac", "02:00:00:00:00:01, 02:00:00:00:00:02"}, {"serial", ` lead\back`}, {"note", "a%0Ab=c;d"}}
	if got.TargetName != id.ID() || got.Server != "hawkbit.example.com:8080" || len(got.Device) != 3 {
		t.Fatalf("GLib read %+v", got)
	}
	for i := range wantDevice {
		if got.Device[i] != wantDevice[i] {
			t.Errorf("[device] %q, want %q", got.Device[i], wantDevice[i])
		}
	}
}
