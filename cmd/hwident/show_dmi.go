package main

import (
	"errors"
	"io/fs"

	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/identity"
)

// showDMI lists the SMBIOS serials and UUID, where each was read and
// whether it is usable (placeholders are common). Machines without any DMI
// (most ARM boards) get no section entries.
func (m *machine) showDMI() []candidate {
	if !m.exists("sys/firmware/dmi") && !m.exists("sys/class/dmi/id") {
		return nil
	}
	var out []candidate
	for _, f := range dmi.Fields {
		r, err := m.dmiValue(f)
		c := candidate{Source: "dmi:" + string(f), Value: r.Value, Usable: err == nil}
		if r.From != "" {
			c.Facts = append(make([]identity.Attr, 0, 1), identity.Attr{Key: "from", Value: r.From})
		}
		c.Verdict = dmiMeaning(f)
		if err != nil {
			c.Verdict = err.Error()
		}
		out = append(out, c)
	}
	return out
}

// dmiMeaning says what each field identifies.
func dmiMeaning(f dmi.Field) string {
	switch f {
	case dmi.ProductSerial:
		return "the system's serial number (SMBIOS type 1)"
	case dmi.ProductUUID:
		return "the system UUID (SMBIOS type 1)"
	case dmi.BoardSerial:
		return "the mainboard's serial number (SMBIOS type 2): survives a case swap, not a board swap"
	case dmi.ChassisSerial:
		return "the enclosure's serial number (SMBIOS type 3)"
	}
	return ""
}

// exists reports whether a path exists under the machine root.
func (m *machine) exists(name string) bool {
	_, err := fs.Stat(m.fsys, name)
	return !errors.Is(err, fs.ErrNotExist)
}
