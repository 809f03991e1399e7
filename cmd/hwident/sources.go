package main

import (
	"fmt"

	"github.com/hwident/hwident/identity"
)

// sourceReaders reads one value for each source scheme. Each reader returns
// a value that is fit to be an identity (garbage is an error).
var sourceReaders = map[string]func(m *machine, arg string) (string, error){
	"file":    (*machine).readFileSource,
	"eeprom":  (*machine).readEEPROMSource,
	"net":     (*machine).readNetSource,
	"mmc":     (*machine).readMMCSource,
	"dmi":     (*machine).readDMISource,
	"soc":     (*machine).readSoCSource,
	"dt":      (*machine).readDTSource,
	"cpuinfo": (*machine).readCPUInfoSource,
}

// read returns the value of src on this machine.
func (m *machine) read(src identity.Source) (string, error) {
	r, ok := sourceReaders[src.Scheme]
	if !ok {
		return "", fmt.Errorf("source %s is not supported by this build of hwident", src)
	}
	return r(m, src.Arg)
}
