package main

import (
	"fmt"

	"github.com/hwident/hwident/identity"
)

// sourceReader reads one value of a source scheme, nil for an unknown one.
// Each reader returns a value that is fit to be an identity (garbage is an
// error). A switch rather than a map: nothing to build at start-up.
func sourceReader(scheme string) func(m *machine, arg string) (string, error) {
	switch scheme {
	case "file":
		return (*machine).readFileSource
	case "eeprom":
		return (*machine).readEEPROMSource
	case "net":
		return (*machine).readNetSource
	case "mmc":
		return (*machine).readMMCSource
	case "dmi":
		return (*machine).readDMISource
	case "soc":
		return (*machine).readSoCSource
	case "dt":
		return (*machine).readDTSource
	case "cpuinfo":
		return (*machine).readCPUInfoSource
	case "modem":
		return modemSourceReader() // nil in the identity-only build
	}
	return nil
}

// read returns the value of src on this machine.
func (m *machine) read(src identity.Source) (string, error) {
	r := sourceReader(src.Scheme)
	if r == nil {
		return "", fmt.Errorf("source %s is not supported by this build of hwident", src)
	}
	return r(m, src.Arg)
}
