//go:build !identityonly

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/realdata"
)

func onieImage(t *testing.T) []byte {
	t.Helper()
	img, err := eeprom.EncodeONIE([]eeprom.TLV{
		{Type: eeprom.ONIEProductName, Value: []byte("Widget")},
		{Type: eeprom.ONIESerialNumber, Value: []byte("WS0042")},
		{Type: eeprom.ONIEBaseMAC, Value: []byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55}},
		{Type: eeprom.ONIENumMACs, Value: []byte{0, 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return append(img, bytes.Repeat([]byte{0xff}, 256-len(img))...)
}

func TestEEPROMDecode(t *testing.T) {
	img := onieImage(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "onie.bin")
	if err := os.WriteFile(file, img, 0o644); err != nil {
		t.Fatal(err)
	}
	blankFile := filepath.Join(dir, "blank.bin")
	if err := os.WriteFile(blankFile, bytes.Repeat([]byte{0xff}, 256), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := "product_name=Widget\nserial_number=WS0042\nbase_mac=00:11:22:33:44:55\nnum_macs=2\n"
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"auto", "", []string{"eeprom", "decode", file}, 0, lines, ""},
		{"named format", "", []string{"eeprom", "decode", "--format", "onie", file}, 0, lines, ""},
		{"stdin", string(img), []string{"eeprom", "decode", "-"}, 0, lines, ""},
		{"json", "", []string{"eeprom", "decode", "--json", file}, 0,
			`{"base_mac":"00:11:22:33:44:55","num_macs":"2","product_name":"Widget","serial_number":"WS0042"}` + "\n", ""},
		{"eui48 of the same chip", "", []string{"eeprom", "decode", "--format", "eui48", file}, 1, "", "eui48: offset 0xfa: EUI bytes are all 0xff"},
		{"wrong format", "", []string{"eeprom", "decode", "--format", "fru", file}, 1, "", "fru: offset 0x0: common header format version 0x54"},
		{"blank", "", []string{"eeprom", "decode", blankFile}, 1, "", "blank chip"},
		{"missing file", "", []string{"eeprom", "decode", filepath.Join(dir, "nope")}, 1, "", "no such file"},
		{"unknown format", "", []string{"eeprom", "decode", "--format", "xml", file}, 2, "", "unknown --format"},
		{"no file", "", []string{"eeprom", "decode"}, 2, "", "want one FILE"},
		{"no subcommand", "", []string{"eeprom"}, 2, "", "eeprom needs a subcommand"},
		{"help", "", []string{"eeprom", "decode", "--help"}, 0, "usage: hwident eeprom decode", ""},
		{"read help", "", []string{"eeprom", "read", "--help"}, 0, "usage: hwident eeprom read", ""},
		{"read without bus", "", []string{"eeprom", "read", "--addr", "0x50"}, 2, "", "--bus is required"},
		{"read bad address", "", []string{"eeprom", "read", "--bus", "0", "--addr", "0x90"}, 2, "", "7-bit address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runHwident(t, tt.stdin, nil, append([]string{"hwident"}, tt.args...)...)
			if r.code != tt.code || !strings.HasPrefix(r.stdout, tt.stdout) || tt.stdout == "" && r.stdout != "" || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
			if tt.code == 0 && tt.stdout == lines && r.stdout != lines {
				t.Errorf("stdout %q, want exactly %q", r.stdout, lines)
			}
		})
	}
}

// A FRU image with one bad area prints the good fields and warns.
func TestEEPROMDecodeRealFRUWarning(t *testing.T) {
	file := realdata.Dir(t, "eeprom", "fru", "openmmc-issue151-cnpem-afcv3.1-ipmb-read.bin")
	r := runHwident(t, "", nil, "hwident", "eeprom", "decode", file)
	if r.code != 0 || !strings.Contains(r.stdout, "board_serial=CN00078\n") || !strings.Contains(r.stderr, "warning: fru: offset 0x77: product area checksum") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// eepromRoot is a machine with an ONIE chip (at24, 0-0050), an AT24MAC402
// serial area (0-0058, the at24 driver's 6-byte file), an ONIE chip seen
// only as nvmem (an SPI at25) and a blank chip.
func eepromRoot(t *testing.T, config string) string {
	return writeTree(t, map[string]string{
		"sys/bus/i2c/devices/0-0050/eeprom":   string(onieImage(t)),
		"sys/bus/i2c/devices/0-0050/name":     "24c02\n",
		"sys/bus/i2c/devices/0-0058/eeprom":   "\xfc\xc2\x3d\x0a\x0b\x0c",
		"sys/bus/i2c/devices/0-0058/name":     "24mac402\n",
		"sys/bus/i2c/devices/1-0051/eeprom":   strings.Repeat("\xff", 256),
		"sys/bus/nvmem/devices/spi0.00/nvmem": string(onieImage(t)),
		"sys/bus/nvmem/devices/spi0.00/type":  "EEPROM\n",
		"etc/hwident.conf":                    config,
	})
}

func TestEEPROMSource(t *testing.T) {
	tests := []struct {
		name   string
		config string
		code   int
		stdout string
		stderr string
	}{
		{"at24 device", "serial=eeprom:0-0050:onie:serial_number\nmac=eeprom:0-0050:onie:base_mac\n", 0,
			"serial=WS0042\nmac=00:11:22:33:44:55\n", ""},
		{"raw spec falls back to the at24 file", "serial=eeprom:i2c-0@0x50:onie:serial_number\n", 0, "serial=WS0042\n", ""},
		{"AT24MAC EUI-48", "mac=eeprom:0-0058:eui48\n", 0, "mac=fc:c2:3d:0a:0b:0c\n", ""},
		{"raw AT24MAC EUI-48 via sysfs", "mac=eeprom:i2c-0@0x58:eui48\n", 0, "mac=fc:c2:3d:0a:0b:0c\n", ""},
		{"nvmem path", "serial=eeprom:/sys/bus/nvmem/devices/spi0.00/nvmem:auto:serial_number\n", 0, "serial=WS0042\n", ""},
		{"absent field", "serial=eeprom:0-0050:onie:service_tag\n", 1, "", "has no field service_tag (it has: product_name, serial_number, base_mac, num_macs)"},
		{"blank chip", "serial=eeprom:1-0051:auto:serial_number\n", 1, "", "blank chip"},
		{"no chip, no bus", "serial=eeprom:i2c-3@0x50:onie:serial_number\n", 1, "", "raw I²C access needs the real root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := eepromRoot(t, tt.config)
			r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
			if r.code != tt.code || r.stdout != tt.stdout || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestEEPROMSourceEUIShortChip: an EUI part that at24 exposes as a smaller
// chip (a 24AA02E48 bound as a 128-byte 24c01) ends before the EUI; its
// first bytes are user data and must not become the identity.
func TestEEPROMSourceEUIShortChip(t *testing.T) {
	root := writeTree(t, map[string]string{
		"sys/bus/i2c/devices/2-0050/eeprom": "\x00\x11\x22\x33\x44\x55" + strings.Repeat("\x00", 122),
		"etc/hwident.conf":                  "mac=eeprom:2-0050:eui48\n",
	})
	r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	if r.code != 1 || r.stdout != "" || r.stderr == "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout", r.code, r.stdout, r.stderr)
	}
}

func TestEEPROMReadSysfsFallback(t *testing.T) {
	root := eepromRoot(t, "")
	r := runHwident(t, "", nil, "hwident", "eeprom", "read", "--root", root, "--bus", "0", "--addr", "0x50", "--len", "16")
	want := "00000000  54 6c 76 49 6e 66 6f 00  01 00 22 21 06 57 69 64  |TlvInfo...\"!.Wid|\n"
	if r.code != 0 || r.stdout != want || !strings.Contains(r.stderr, "mode sysfs") {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
	out := filepath.Join(t.TempDir(), "dump.bin")
	r = runHwident(t, "", nil, "hwident", "eeprom", "read", "--root", root, "--bus", "0", "--addr", "0x58", "--len", "8", "--out", out)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "short read") {
		t.Errorf("reading 8 bytes of a 6-byte file: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = runHwident(t, "", nil, "hwident", "eeprom", "read", "--root", root, "--bus", "0", "--addr", "0x58", "--len", "6", "--out", out)
	if b, _ := os.ReadFile(out); r.code != 0 || string(b) != "\xfc\xc2\x3d\x0a\x0b\x0c" {
		t.Errorf("exit %d, stderr %q, file % x", r.code, r.stderr, b)
	}
}

func TestShowEEPROMs(t *testing.T) {
	root := eepromRoot(t, "serial=eeprom:i2c-0@0x50:onie:serial_number\n")
	m := (&app{&cli.App{Getenv: func(string) string { return "" }}}).machine(root)
	var b strings.Builder
	for _, c := range m.showEEPROMs() {
		mark := "no "
		if c.Usable {
			mark = "yes"
		}
		b.WriteString(mark + " " + c.Source + " = " + c.Value + " | " + c.Verdict + "\n")
	}
	want := `no  eeprom:0-0050:onie:product_name = Widget | describes the product, not the unit
yes eeprom:0-0050:onie:serial_number = WS0042 | 
yes eeprom:0-0050:onie:base_mac = 00:11:22:33:44:55 | 
no  eeprom:0-0050:onie:num_macs = 2 | describes the product, not the unit
yes eeprom:0-0058:eui48 = fc:c2:3d:0a:0b:0c | factory EUI of the AT24MAC402
no  eeprom:1-0051 =  | auto: offset 0x0: blank chip: all 256 bytes are 0xff, nothing was programmed
no  eeprom:/sys/bus/nvmem/devices/spi0.00/nvmem:onie:product_name = Widget | describes the product, not the unit
yes eeprom:/sys/bus/nvmem/devices/spi0.00/nvmem:onie:serial_number = WS0042 | 
yes eeprom:/sys/bus/nvmem/devices/spi0.00/nvmem:onie:base_mac = 00:11:22:33:44:55 | 
no  eeprom:/sys/bus/nvmem/devices/spi0.00/nvmem:onie:num_macs = 2 | describes the product, not the unit
yes eeprom:i2c-0@0x50:onie:serial_number = WS0042 | 
`
	if b.String() != want {
		t.Errorf("showEEPROMs:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestEEPROMFormatsAgree: the config grammar (identity, which may not
// import hw/) and the decoders (hw/eeprom) each list the formats; a format
// added to one only would be accepted by `eeprom decode` but refused in
// the config, or the other way round.
func TestEEPROMFormatsAgree(t *testing.T) {
	spec, dec := slices.Sorted(slices.Values(identity.EEPROMFormats)), slices.Sorted(slices.Values(eeprom.Formats))
	if !slices.Equal(spec, dec) {
		t.Errorf("identity.EEPROMFormats %q, eeprom.Formats %q: keep them the same set", spec, dec)
	}
}
