package vmtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// TestARMEEPROMPeriph: on an ARM vexpress-a9 board, whose versatile I²C
// adapter does plain I²C transfers, hwident reads the ONIE image preloaded
// into QEMU's at24c-eeprom (2-byte word addresses) through periph on
// /dev/i2c-0 and decodes it; an address where nothing answers gives the
// "no device" error.
func TestARMEEPROMPeriph(t *testing.T) {
	t.Parallel()
	img := onieImage(512)
	chip := filepath.Join(t.TempDir(), "eeprom.bin")
	if err := os.WriteFile(chip, img, 0o644); err != nil {
		t.Fatal(err)
	}
	r := vm{
		board: arm,
		devices: []string{
			"-drive", "if=none,id=vmtestee,format=raw,file=" + chip,
			"-device", "at24c-eeprom,bus=i2c,address=0x52,rom-size=512,drive=vmtestee",
		},
		load:  []string{"i2c_versatile", "i2c_dev"},
		files: map[string]string{"/etc/eeprom.conf": onieConfig("i2c-0@0x52/16")},
		steps: []plan.Step{
			{Name: "wait-bus", WaitFor: "/dev/i2c-0"},
			run("read", "eeprom", "read", "--bus", "0", "--addr", "0x52", "--addr16", "--len", "512", "--out", "/tmp/raw.bin"),
			{Name: "read-bytes", ReadFile: "/tmp/raw.bin"},
			run("decode", "eeprom", "decode", "--format", "onie", "/tmp/raw.bin"),
			run("identity", "identity", "--config", "/etc/eeprom.conf"),
			run("show", "show", "--config", "/etc/eeprom.conf", "--json"),
			run("absent", "eeprom", "read", "--bus", "0", "--addr", "0x57", "--len", "16"),
		},
	}.boot(t)

	wantRead(t, r, img)
	wantFields(t, r, "decode", onieFields)
	r.wantStdout(t, "identity", onieIdentity)
	if got := eepromMode(t, r, "show", "eeprom:i2c-0@0x52/16:onie:serial_number"); got != "i2c" {
		t.Errorf("show: mode %q, want i2c (plain transfers through periph)", got)
	}
	if stderr := r.wantFailure(t, "absent"); !strings.Contains(strings.ToLower(stderr), "no device") {
		t.Errorf("absent chip: stderr %q does not say that no device answers", stderr)
	}
}
