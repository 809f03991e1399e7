package vmtest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// TestX86EEPROMSMBus: the guest programs an ONIE image into the PIIX4
// SMBus's smbus-eeprom at 0x50 (an SMBus-only adapter: plain I²C
// transfers fail there), hwident reads it through its SMBus fallback, and
// after the at24 driver is bound it reads the same value through sysfs.
func TestX86EEPROMSMBus(t *testing.T) {
	t.Parallel()
	img := onieImage(256)
	r := vm{
		board:   x86,
		devices: []string{"-nic", "none"},
		load:    []string{"i2c_piix4", "i2c_dev", "at24"},
		files: map[string]string{
			"/etc/raw.conf":   onieConfig("i2c-0@0x50"),
			"/etc/bound.conf": onieConfig("0-0050"),
		},
		steps: []plan.Step{
			{Name: "wait-bus", WaitFor: "/dev/i2c-0"},
			{Name: "adapter", ReadFile: "/sys/bus/i2c/devices/i2c-0/name"},
			{Name: "program", SMBusWrite: &plan.SMBusTarget{Bus: 0, Addr: 0x50}, Data: img},
			run("read", "eeprom", "read", "--bus", "0", "--addr", "0x50", "--len", "256", "--out", "/tmp/raw.bin"),
			{Name: "read-bytes", ReadFile: "/tmp/raw.bin"},
			run("decode", "eeprom", "decode", "--format", "onie", "/tmp/raw.bin"),
			run("identity-smbus", "identity", "--config", "/etc/raw.conf"),
			run("show-smbus", "show", "--config", "/etc/raw.conf", "--json"),
			{Name: "bind-at24", WriteFile: "/sys/bus/i2c/devices/i2c-0/new_device", Data: []byte("24c02 0x50")},
			{Name: "wait-at24", WaitFor: "/sys/bus/i2c/devices/0-0050/eeprom"},
			{Name: "at24-bytes", ReadFile: "/sys/bus/i2c/devices/0-0050/eeprom"},
			run("identity-busy", "identity", "--config", "/etc/raw.conf"),
			run("show-busy", "show", "--config", "/etc/raw.conf", "--json"),
			run("identity-sysfs", "identity", "--config", "/etc/bound.conf"),
		},
	}.boot(t)

	if name := string(r.steps["adapter"].Stdout); !strings.Contains(name, "PIIX4") {
		t.Fatalf("i2c-0 is %q, not the PIIX4 SMBus the scenario is about", name)
	}
	if got := r.steps["at24-bytes"].Stdout; !bytes.Equal(got, img) {
		t.Fatalf("the at24 driver reads %x, want the programmed image %x: programming failed", got, img)
	}
	wantRead(t, r, img)
	wantFields(t, r, "decode", onieFields)
	r.wantStdout(t, "identity-smbus", onieIdentity)
	r.wantStdout(t, "identity-busy", onieIdentity)
	r.wantStdout(t, "identity-sysfs", onieIdentity)
	// PIIX4 offers SMBus byte and block-data transfers, not I2C block reads.
	if got := eepromMode(t, r, "show-smbus", "eeprom:i2c-0@0x50:onie:serial_number"); got != "smbus-byte" {
		t.Errorf("show before binding: mode %q, want smbus-byte", got)
	}
	if got := eepromMode(t, r, "show-busy", "eeprom:i2c-0@0x50:onie:serial_number"); got != "sysfs" {
		t.Errorf("show after binding at24: mode %q, want sysfs", got)
	}
}

// eepromMode is the read mode `hwident show --json` reports for source.
func eepromMode(t *testing.T, r results, step, source string) string {
	t.Helper()
	res := r.step(t, step)
	var show struct {
		EEPROM []struct {
			Source string            `json:"source"`
			Facts  map[string]string `json:"facts"`
		} `json:"eeprom"`
	}
	if err := json.Unmarshal(res.Stdout, &show); err != nil {
		t.Errorf("%s: exit %d, stdout is not JSON (%v): %q, stderr %q", step, res.Exit, err, res.Stdout, res.Stderr)
		return ""
	}
	for _, c := range show.EEPROM {
		if c.Source == source {
			return c.Facts["mode"]
		}
	}
	t.Errorf("%s: no eeprom entry for %s in %s", step, source, res.Stdout)
	return ""
}

// wantFields asserts that a Run step printed exactly these key=value fields.
func wantFields(t *testing.T, r results, step string, want map[string]string) {
	t.Helper()
	res := r.step(t, step)
	if res.Exit != 0 {
		t.Errorf("%s: exit %d, stderr %q", step, res.Exit, res.Stderr)
		return
	}
	got := keyValues(t, res.Stdout)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s=%q, want %q", step, k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected field %s=%q", step, k, v)
		}
	}
}
