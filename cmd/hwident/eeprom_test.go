//go:build !identityonly

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
	"github.com/hwident/hwident/scripts/testkit/realdata"
)

func TestEEPROMDecode(t *testing.T) {
	img := boards.ONIEImage(t)
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
		{"device", "", []string{"eeprom", "decode", "/dev/null"}, 1, "", "not a regular file or pipe, but a character device"},
		{"too large", strings.Repeat("x", maxImageFile+1), []string{"eeprom", "decode", "-"}, 1, "", "more than 1 MiB: not an EEPROM image"},
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

func TestEEPROMReadSysfsFallback(t *testing.T) {
	root := boards.EEPROMs(t, "")
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
