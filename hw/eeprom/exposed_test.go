package eeprom

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestListExposed(t *testing.T) {
	root := fstest.MapFS{
		"sys/bus/i2c/devices/0-0050/eeprom": {Data: []byte{0xff}},
		"sys/bus/i2c/devices/0-0050/name":   {Data: []byte("24c02\n")},
		"sys/bus/i2c/devices/2-0057/eeprom": {Data: []byte{0xff}},
		"sys/bus/i2c/devices/1-0048/name":   {Data: []byte("lm75\n")},
		// the same at24 chip again as nvmem, linked below its I²C device
		"sys/bus/nvmem/devices/0-00500":                   {Data: []byte("../../../devices/platform/i2c-0/0-0050/0-00500"), Mode: fs.ModeSymlink},
		"sys/devices/platform/i2c-0/0-0050/0-00500/nvmem": {Data: []byte{0xff}},
		"sys/devices/platform/i2c-0/0-0050/0-00500/type":  {Data: []byte("EEPROM\n")},
		// SoC fuses are not an EEPROM
		"sys/bus/nvmem/devices/imx-ocotp0/nvmem": {Data: []byte{0}},
		"sys/bus/nvmem/devices/imx-ocotp0/type":  {Data: []byte("OTP\n")},
		// an EEPROM behind another driver (e.g. an SPI at25)
		"sys/bus/nvmem/devices/spi0.00/nvmem": {Data: []byte{0}},
		"sys/bus/nvmem/devices/spi0.00/type":  {Data: []byte("EEPROM\n")},
	}
	got, err := ListExposed(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []Exposed{
		{"sys/bus/i2c/devices/0-0050/eeprom", "0-0050", "24c02"},
		{"sys/bus/i2c/devices/2-0057/eeprom", "2-0057", ""},
		{"sys/bus/nvmem/devices/spi0.00/nvmem", "spi0.00", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ListExposed:\n got %+v\nwant %+v", got, want)
	}
}
