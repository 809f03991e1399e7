package machine

import (
	"errors"

	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/identity"
)

// Read returns the value of src on this machine: each reader returns a
// value that is fit to be an identity (garbage is an error). A source is
// read once per run: a config that names it again (or show, which reads
// the config's sources twice) gets the value without another sysfs scan,
// so resolving a config is linear in its length. Failures are not kept:
// the first one ends an identity.
func (m *Machine) Read(src identity.Source) (string, error) {
	spec := src.String()
	if v, ok := m.values[spec]; ok {
		return v, nil
	}
	var v string
	var err error
	switch arg := src.Arg; src.Scheme { // a switch, not a map: nothing to build at start-up
	case "file":
		v, err = m.readFileSource(arg)
	case "eeprom":
		v, err = m.readEEPROMSource(arg)
	case "net":
		v, err = m.readNetSource(arg)
	case "mmc": // mmc:cid, mmc:cid-raw, mmc:serial and mmc:sd-cid
		v, _, err = m.mmcValue(arg)
	case "dmi": // dmi:product_serial, dmi:product_uuid, dmi:board_serial, dmi:chassis_serial
		var r dmi.Reading
		r, err = m.dmiValue(dmi.Field(arg))
		v = r.Value
	case "soc":
		v, err = m.readSoCSource()
	case "dt":
		v, err = m.readDTSource(arg)
	case "cpuinfo":
		v, err = m.readCPUInfoSource()
	default:
		if src.Scheme != "modem" || modemSource == nil { // nil in builds without modem support
			return "", errors.New("source " + identity.QuoteName(spec) + " is not supported by this build of hwident")
		}
		v, err = modemSource(m, arg)
	}
	if err == nil {
		if m.values == nil {
			m.values = map[string]string{}
		}
		m.values[spec] = v
	}
	return v, err
}
