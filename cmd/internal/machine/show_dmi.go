package machine

import (
	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/identity"
)

// showDMI lists the SMBIOS serials and UUID, where each was read and
// whether it is usable (placeholders are common). Machines without any DMI
// (most ARM boards) get no section entries.
func (m *Machine) showDMI() []Candidate {
	if !m.exists("sys/firmware/dmi") && !m.exists("sys/class/dmi/id") {
		return nil
	}
	var out []Candidate
	for n, f := range dmi.Fields {
		r, err := m.dmiValue(f)
		c := Candidate{Source: "dmi:" + string(f), Value: r.Value, Usable: err == nil}
		if r.From != "" {
			c.Facts = append(make([]identity.Attr, 0, 1), identity.Attr{Key: "from", Value: r.From})
		}
		c.Verdict = dmiMeanings[n]
		if err != nil {
			c.Verdict = err.Error()
		}
		out = append(out, c)
	}
	return out
}

// dmiMeanings say what each of dmi.Fields identifies, in its order
// (TestDMIMeanings keeps them in step).
var dmiMeanings = [...]string{
	"the system's serial number (SMBIOS type 1)",
	"the system UUID (SMBIOS type 1)",
	"the mainboard's serial number (SMBIOS type 2): survives a case swap, not a board swap",
	"the enclosure's serial number (SMBIOS type 3)",
}
