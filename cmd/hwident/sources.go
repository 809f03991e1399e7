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
	}
	return nil
}

// reading is the outcome of reading one source.
type reading struct {
	value string
	err   error
}

// read returns the value of src on this machine. Each source is read once
// per run: a config that names it again (or show, which reads the config's
// sources twice) gets the same reading without another sysfs scan, so
// resolving a config is linear in its length.
func (m *machine) read(src identity.Source) (string, error) {
	if r, ok := m.readings[src]; ok {
		return r.value, r.err
	}
	var r reading
	if read := sourceReader(src.Scheme); read == nil {
		r.err = fmt.Errorf("source %s is not supported by this build of hwident", identity.QuoteName(src.String()))
	} else {
		r.value, r.err = read(m, src.Arg)
	}
	if m.readings == nil {
		m.readings = map[identity.Source]reading{}
	}
	m.readings[src] = r
	return r.value, r.err
}
