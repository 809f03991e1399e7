//go:build identityonly

package machine

// The identity-only build has no cellular modem support: hw/modem stays
// out of it.

// modemPorts: nothing to open without modem support.
type modemPorts struct{}

// modemSource is nil: modem:imei is "not supported by this build".
var modemSource func(m *Machine, arg string) (string, error)

// showModem: no modem section without modem support.
func (m *Machine) showModem() []Candidate { return nil }
