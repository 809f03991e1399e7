package machine

import (
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// resolveRoot resolves the config under root as `hwident identity` does.
func resolveRoot(t *testing.T, root string) (string, error) {
	t.Helper()
	m := At(root)
	cfg, err := m.LoadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Resolve(cfg)
	return string(r.Identity.Mender()), err
}

func TestEEPROMSource(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   string
		err    string // "" = no error
	}{
		{"at24 device", "serial=eeprom:0-0050:onie:serial_number\nmac=eeprom:0-0050:onie:base_mac\n",
			"serial=WS0042\nmac=00:11:22:33:44:55\n", ""},
		{"raw spec falls back to the at24 file", "serial=eeprom:i2c-0@0x50:onie:serial_number\n", "serial=WS0042\n", ""},
		{"AT24MAC EUI-48", "mac=eeprom:0-0058:eui48\n", "mac=fc:c2:3d:0a:0b:0c\n", ""},
		{"raw AT24MAC EUI-48 via sysfs", "mac=eeprom:i2c-0@0x58:eui48\n", "mac=fc:c2:3d:0a:0b:0c\n", ""},
		{"nvmem path", "serial=eeprom:/sys/bus/nvmem/devices/spi0.00/nvmem:auto:serial_number\n", "serial=WS0042\n", ""},
		{"absent field", "serial=eeprom:0-0050:onie:service_tag\n", "", "has no field service_tag (it has: product_name, serial_number, base_mac, num_macs)"},
		{"blank chip", "serial=eeprom:1-0051:auto:serial_number\n", "", "blank chip"},
		{"no chip, no bus", "serial=eeprom:i2c-3@0x50:onie:serial_number\n", "", "raw I²C access needs the real root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolveRoot(t, boards.EEPROMs(t, tt.config))
			if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("identity %q, error %v; want %q, an error containing %q", got, err, tt.want, tt.err)
			}
		})
	}
}

// TestEEPROMSourceEUIShortChip: an EUI part that at24 exposes as a smaller
// chip (a 24AA02E48 bound as a 128-byte 24c01) ends before the EUI; its
// first bytes are user data and must not become the identity.
func TestEEPROMSourceEUIShortChip(t *testing.T) {
	root := boards.Write(t, map[string]string{
		"sys/bus/i2c/devices/2-0050/eeprom": "\x00\x11\x22\x33\x44\x55" + strings.Repeat("\x00", 122),
		"etc/hwident.conf":                  "mac=eeprom:2-0050:eui48\n",
	})
	if got, err := resolveRoot(t, root); err == nil {
		t.Errorf("identity %q; want an error", got)
	}
}
