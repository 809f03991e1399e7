package hawkbit

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hwident/hwident/identity"
)

// updaterRead reads a key file with GLib itself (PyGObject) as
// rauc-hawkbit-updater's config-file.c does: target_name with
// g_key_file_get_string, each [device] key with g_key_file_get_value (raw)
// and g_strchomp.
const updaterRead = `
import gi, json, sys
gi.require_version("GLib", "2.0")
from gi.repository import GLib
k = GLib.KeyFile()
k.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
keys, _ = k.get_keys("device")
print(json.dumps({"target_name": k.get_string("client", "target_name").rstrip(" \t\n\r\f\v"),
                  "server": k.get_string("client", "hawkbit_server"),
                  "device": [[x, k.get_value("device", x).rstrip(" \t\n\r\f\v")] for x in keys]}))
`

// TestConfigWithGLib: the documented install (a base config without
// target_name and [device], hwident's output appended; GLib merges the two
// [client] groups) read by GLib as the updater reads it.
func TestConfigWithGLib(t *testing.T) {
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import gi").Run() != nil {
		t.Skip("no PyGObject (Debian python3-gi): cannot check against GLib")
	}
	id := identity.Identity{{Key: "mac", Value: "02:00:00:00:00:01"}, {Key: "serial", Value: `SN\back 7`}, {Key: "mac", Value: "02:00:00:00:00:02"}, {Key: "note", Value: "a\nb=c;d#e [f] 50%"}}
	out, err := Config(id)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(t.TempDir(), "config.conf")
	base := "[client]\nhawkbit_server = hawkbit.example.com:8080\nauth_token = x\nbundle_download_location = /tmp/b.raucb\n\n"
	if err := os.WriteFile(conf, append([]byte(base), out...), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := exec.Command(py, "-c", updaterRead, conf).CombinedOutput()
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
	want := [][2]string{{"mac", "02:00:00:00:00:01, 02:00:00:00:00:02"}, {"serial", `SN\back 7`}, {"note", "a%0Ab=c;d#e [f] 50%25"}}
	if got.TargetName != id.ID() || got.Server != "hawkbit.example.com:8080" || len(got.Device) != len(want) {
		t.Fatalf("GLib read %+v", got)
	}
	for i := range want {
		if got.Device[i] != want[i] || !hawkBitAttribute.MatchString(got.Device[i][1]) {
			t.Errorf("[device] %q, want %q, accepted by hawkBit", got.Device[i], want[i])
		}
	}
}
