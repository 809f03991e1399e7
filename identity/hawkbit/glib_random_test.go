package hawkbit

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hwident/hwident/identity"
)

// updaterReadAll is updaterRead over many files: one JSON line each.
const updaterReadAll = `
import gi, json, sys
gi.require_version("GLib", "2.0")
from gi.repository import GLib
for f in sys.argv[1:]:
    k = GLib.KeyFile()
    k.load_from_file(f, GLib.KeyFileFlags.NONE)
    keys, _ = k.get_keys("device")
    print(json.dumps({"target_name": k.get_string("client", "target_name").rstrip(" \t\n\r\f\v"),
                      "device": [[x, k.get_value("device", x).rstrip(" \t\n\r\f\v")] for x in keys]}))
`

// Random identities whose values are made of GLib's and hawkBit's special
// characters (# [ ] = ; \ , spaces, %, controls, non-ASCII): every config
// Config writes, GLib reads back as the encoded values, in order.
func TestConfigWithGLibRandom(t *testing.T) {
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import gi").Run() != nil {
		t.Skip("no PyGObject (Debian python3-gi): cannot check against GLib")
	}
	const chars = "#[]=;\\, %\t\n\r\x01aZ09-_.\"'ü~`"
	rng := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	var files []string
	var ids []identity.Identity
	for n := 0; len(files) < 200 && n < 2000; n++ {
		var id identity.Identity
		for range 1 + rng.IntN(4) {
			v := make([]rune, rng.IntN(12))
			for i := range v {
				v[i] = []rune(chars)[rng.IntN(len([]rune(chars)))]
			}
			id = append(id, identity.Attr{Key: []string{"mac", "serial", "note", "a.b-c_1"}[rng.IntN(4)], Value: string(v)})
		}
		out, err := Config(id)
		if err != nil {
			continue
		}
		f := filepath.Join(dir, strconv.Itoa(len(files))+".conf")
		if err := os.WriteFile(f, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files, ids = append(files, f), append(ids, id)
	}
	if len(files) < 50 {
		t.Fatalf("only %d identities fit", len(files))
	}
	cmd := exec.Command(py, append([]string{"-c", updaterReadAll}, files...)...)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("GLib: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for i, id := range ids {
		var got struct {
			TargetName string      `json:"target_name"`
			Device     [][2]string `json:"device"`
		}
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		var want [][2]string
		for j, a := range id {
			if firstOfKey(id, j) {
				want = append(want, [2]string{a.Key, joinedValues(id[j:], a.Key)})
			}
		}
		if got.TargetName != id.ID() || len(got.Device) != len(want) {
			t.Fatalf("%q: GLib read %+v, want %q", id, got, want)
		}
		for j := range want {
			if got.Device[j] != want[j] || !hawkBitAttribute.MatchString(got.Device[j][1]) {
				t.Errorf("%q: [device] %q, want %q, accepted by hawkBit", id, got.Device[j], want[j])
			}
		}
	}
}
