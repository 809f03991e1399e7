package machine

import (
	"errors"

	"github.com/hwident/hwident/identity"
)

// sourceReader reads one value of a source scheme, nil for an unknown one.
// Each reader returns a value that is fit to be an identity (garbage is an
// error). A switch rather than a map: nothing to build at start-up.
func sourceReader(scheme string) func(m *Machine, arg string) (string, error) {
	switch scheme {
	case "file":
		return (*Machine).readFileSource
	case "eeprom":
		return (*Machine).readEEPROMSource
	case "net":
		return (*Machine).readNetSource
	case "mmc":
		return (*Machine).readMMCSource
	case "dmi":
		return (*Machine).readDMISource
	case "soc":
		return (*Machine).readSoCSource
	case "dt":
		return (*Machine).readDTSource
	case "cpuinfo":
		return (*Machine).readCPUInfoSource
	case "modem":
		return modemSource // nil in builds without modem support
	}
	return nil
}

// read returns the value of src on this machine. A source is read once
// per run: a config that names it again (or show, which reads the config's
// sources twice) gets the value without another sysfs scan, so resolving
// a config is linear in its length. Failures are not kept: the first one
// ends an identity.
func (m *Machine) Read(src identity.Source) (string, error) {
	spec := src.String()
	if v, ok := m.values[spec]; ok {
		return v, nil
	}
	read := sourceReader(src.Scheme)
	if read == nil {
		return "", errors.New("source " + identity.QuoteName(spec) + " is not supported by this build of hwident")
	}
	v, err := read(m, src.Arg)
	if err == nil {
		if m.values == nil {
			m.values = map[string]string{}
		}
		m.values[spec] = v
	}
	return v, err
}
