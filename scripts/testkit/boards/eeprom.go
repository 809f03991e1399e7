package boards

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/eeprom"
)

// ONIEImage is a 256-byte chip holding an ONIE TlvInfo image: product
// Widget, serial WS0042, base MAC 00:11:22:33:44:55, two MACs.
func ONIEImage(t testing.TB) []byte {
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

// EEPROMs writes a machine with an ONIE chip (at24, 0-0050), an AT24MAC402
// serial area (0-0058, the at24 driver's 6-byte file), an ONIE chip seen
// only as nvmem (an SPI at25) and a blank chip (1-0051), with config as its
// /etc/hwident.conf.
func EEPROMs(t testing.TB, config string) string {
	t.Helper()
	return Write(t, map[string]string{
		"sys/bus/i2c/devices/0-0050/eeprom":   string(ONIEImage(t)),
		"sys/bus/i2c/devices/0-0050/name":     "24c02\n",
		"sys/bus/i2c/devices/0-0058/eeprom":   "\xfc\xc2\x3d\x0a\x0b\x0c",
		"sys/bus/i2c/devices/0-0058/name":     "24mac402\n",
		"sys/bus/i2c/devices/1-0051/eeprom":   strings.Repeat("\xff", 256),
		"sys/bus/nvmem/devices/spi0.00/nvmem": string(ONIEImage(t)),
		"sys/bus/nvmem/devices/spi0.00/type":  "EEPROM\n",
		"etc/hwident.conf":                    config,
	})
}
