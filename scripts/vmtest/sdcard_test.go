package vmtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// qemuSDCID is the CID QEMU 7.2 gives every emulated SD card (hw/sd/sd.c):
// manufacturer 0xaa, OEM "XY", name "QEMU!", revision 0x01, serial
// 0xdeadbeef, made 02/2006; the SDHCI host drops the CRC byte.
const qemuSDCID = "aa585951454d552101deadbeef006200"

// The attribute files the kernel decodes from an SD card's CID.
var sdCIDAttrs = []string{"manfid", "oemid", "name", "hwrev", "fwrev", "serial", "date"}

// TestX86SDCard: `hwident cid decode` of the card's sysfs cid agrees with
// every attribute file the kernel decoded from it, and mmc:sd-cid reads it.
func TestX86SDCard(t *testing.T) {
	t.Parallel()
	img := filepath.Join(t.TempDir(), "sd.img")
	if err := os.WriteFile(img, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, 4<<20); err != nil {
		t.Fatal(err)
	}
	const card = "/sys/bus/mmc/devices/mmc0:*/"
	steps := []plan.Step{
		{Name: "wait-card", WaitFor: card + "cid"},
		{Name: "cid", ReadFile: card + "cid"},
		{Name: "type", ReadFile: card + "type"},
		run("decode", "cid", "decode", "--type", "sd", qemuSDCID),
		run("decode-guess", "cid", "decode", qemuSDCID),
		run("identity", "identity", "--config", "/etc/sd.conf"),
	}
	for _, a := range sdCIDAttrs {
		steps = append(steps, plan.Step{Name: "attr-" + a, ReadFile: card + a})
	}
	r := vm{
		board: x86,
		devices: []string{
			"-nic", "none",
			"-device", "sdhci-pci",
			"-drive", "if=none,id=vmtestsd,format=raw,file=" + img,
			"-device", "sd-card,drive=vmtestsd",
		},
		load:  []string{"sdhci_pci", "mmc_block"},
		files: map[string]string{"/etc/sd.conf": "sd=mmc:sd-cid\n"},
		steps: steps,
	}.boot(t)

	if got := string(r.steps["cid"].Stdout); got != qemuSDCID+"\n" {
		t.Fatalf("the kernel shows cid %q, want QEMU's %s: the scenario's premise is wrong", got, qemuSDCID)
	}
	if got := string(r.steps["type"].Stdout); got != "SD\n" {
		t.Fatalf("card type %q, want SD", got)
	}
	for _, step := range []string{"decode", "decode-guess"} {
		decoded := keyValues(t, r.step(t, step).Stdout)
		for _, a := range sdCIDAttrs {
			kernel := strings.TrimSuffix(string(r.steps["attr-"+a].Stdout), "\n")
			if got, ok := decoded[a]; !ok || got != kernel {
				t.Errorf("%s: %s=%q (present %v), the kernel's %s file says %q", step, a, got, ok, a, kernel)
			}
		}
	}
	r.wantStdout(t, "identity", "sd="+qemuSDCID[:30]+"\n")
}

// keyValues parses key=value output lines.
func keyValues(t *testing.T, out []byte) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("output line %q is not key=value; output:\n%s", line, out)
		}
		m[k] = v
	}
	return m
}
