//go:build !identityonly

package main

import (
	"regexp"
	"strings"
	"testing"

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
}

// --format hawkbit on a board: hawkbit.Config's text; an identity hawkBit
// would refuse: exit 1, nothing on stdout, the key and the limit on stderr.
func TestHawkbitFormat(t *testing.T) {
	root := boards.Dir(t, "rpi4")
	res := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--format", "hawkbit")
	id := runHwident(t, "", nil, "hwident", "identity", "--root", root, "--format", "id")
	want := "[client]\ntarget_name = " + strings.TrimSpace(id.stdout) + "\n\n[device]\nmac = dc:a6:32:"
	if res.code != 0 || !strings.HasPrefix(res.stdout, want) || id.code != 0 {
		t.Fatalf("exit %d, %q; want it to start with %q (stderr %s)", res.code, res.stdout, want, res.stderr)
	}

	tree := boards.Write(t, map[string]string{
		"etc/serial":       "SN~0042\n",
		"etc/hwident.conf": "serial=file:/etc/serial\n",
	})
	res = runHwident(t, "", nil, "hwident", "identity", "--root", tree, "--format", "hawkbit")
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "[device] key serial") || !strings.Contains(res.stderr, "--format id") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, the key and the fix on stderr", res.code, res.stdout, res.stderr)
	}
	if res := runHwident(t, "", nil, "hwident", "identity", "--root", tree); res.code != 0 || res.stdout != "serial=SN~0042\n" {
		t.Errorf("the identity itself: exit %d, %q", res.code, res.stdout)
	}
}
