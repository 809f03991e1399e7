package main

import (
	"fmt"
	"os"

	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/hw/eeprom"
	"periph.io/x/host/v3/sysfs"
)

// machine returns the machine under root, or under $HWIDENT_ROOT, or "/".
// Only on the real root may EEPROM reads open /dev/i2c-N and modem reads
// the system bus and /dev/tty*: under another root they would be this
// host's, not the machine's.
func (a *app) machine(root string) *machine.Machine {
	if root == "" {
		root = a.Getenv("HWIDENT_ROOT")
	}
	if root == "" {
		root = "/"
	}
	m := machine.At(root)
	if root == "/" {
		m.OpenI2C = openI2C
		openModems(m)
	}
	return m
}

// openMachine is machine for a command whose root must be a directory.
func (a *app) openMachine(root string) (*machine.Machine, error) {
	m := a.machine(root)
	if err := m.CheckRoot(); err != nil {
		return nil, err
	}
	return m, nil
}

// openI2C opens /dev/i2c-N: periph's bus for plain I²C transfers, and the
// same node as an SMBus handle for adapters without them.
func openI2C(d *eeprom.Device) func() {
	b, err := sysfs.NewI2C(d.BusNum)
	if err != nil {
		d.BusErr = eeprom.OpenError(d.BusNum, err)
		return nil
	}
	d.Bus = b
	f, err := os.OpenFile(fmt.Sprintf("/dev/i2c-%d", d.BusNum), os.O_RDWR, 0)
	if err == nil {
		d.SMBus = eeprom.NewSMBusFile(f)
	}
	return func() {
		b.Close()
		if f != nil {
			f.Close()
		}
	}
}
