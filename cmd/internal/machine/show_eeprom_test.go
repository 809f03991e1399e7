package machine

import (
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

func TestShowEEPROMs(t *testing.T) {
	root := boards.EEPROMs(t, "serial=eeprom:i2c-0@0x50:onie:serial_number\n")
	m := At(root)
	m.cfg, m.cfgErr = m.LoadConfig("")
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
