//go:build !identityonly

package main

import (
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/hw/modem"
)

// systemBusSocket is where the D-Bus system bus listens.
const systemBusSocket = "/run/dbus/system_bus_socket"

// openModems lets the real root's machine ask ModemManager on the system
// bus and open its modems' AT ports under /dev.
func openModems(m *machine.Machine) {
	m.DialModemManager = func() (modem.Conn, error) {
		f, err := modem.DialBus(systemBusSocket)
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	m.OpenModemPort = func(name string) (modem.OpenPort, error) {
		p, err := modem.OpenTTY("/dev/" + name)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
}
