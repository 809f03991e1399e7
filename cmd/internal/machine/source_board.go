package machine

import (
	"fmt"
	"strings"

	"github.com/hwident/hwident/hw/board"
	"github.com/hwident/hwident/identity"
)

// readSoCSource reads soc:serial: the SoC's fused unique ID.
func (m *Machine) readSoCSource() (string, error) {
	s, err := board.ReadSoC(m.FS)
	if err != nil {
		return "", err
	}
	return s.Serial, checked("/sys/devices/soc0/serial_number", s.Serial)
}

// readDTSource reads dt:serial-number from the device tree's root node.
func (m *Machine) readDTSource(prop string) (string, error) {
	v, err := board.ReadDTString(m.FS, prop)
	if err != nil {
		return "", err
	}
	v = strings.TrimSpace(v)
	return v, checked("device tree /"+prop, v)
}

// readCPUInfoSource reads cpuinfo:serial (Raspberry Pi firmware).
func (m *Machine) readCPUInfoSource() (string, error) {
	c, err := board.ReadCPUInfo(m.FS)
	if err != nil {
		return "", err
	}
	return c.Serial, checked("/proc/cpuinfo Serial", c.Serial)
}

func checked(what, v string) error {
	if err := identity.CheckValue(v); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
