package machine

import (
	"github.com/hwident/hwident/hw/board"
	"github.com/hwident/hwident/identity"
)

// showBoard lists the SoC serial, the device-tree serial number and the
// cpuinfo serial, each when its file exists.
func (m *Machine) showBoard() []Candidate {
	var out []Candidate
	if s, err := board.ReadSoC(m.FS); err == nil {
		v, err := m.readSoCSource()
		out = append(out, boardCandidate("soc:serial", v, err, "the SoC's fused unique ID",
			identity.Attr{Key: "soc_id", Value: s.ID}, identity.Attr{Key: "family", Value: s.Family}, identity.Attr{Key: "machine", Value: s.Machine}))
	}
	if m.exists("sys/firmware/devicetree/base") {
		model, _ := board.ReadDTString(m.FS, "model")
		v, err := m.readDTSource("serial-number")
		out = append(out, boardCandidate("dt:serial-number", v, err, "set by the boot loader or firmware from the board's serial",
			identity.Attr{Key: "model", Value: model}))
	}
	if c, err := board.ReadCPUInfo(m.FS); err == nil && c.Serial != "" {
		v, err := m.readCPUInfoSource()
		out = append(out, boardCandidate("cpuinfo:serial", v, err, "the SoC serial the Raspberry Pi firmware reports",
			identity.Attr{Key: "hardware", Value: c.Hardware}, identity.Attr{Key: "revision", Value: c.Revision}, identity.Attr{Key: "model", Value: c.Model}))
	}
	return out
}

// boardCandidate builds a show line; facts with empty values are left out.
func boardCandidate(src, v string, err error, why string, facts ...identity.Attr) Candidate {
	c := Candidate{Source: src, Value: v, Usable: err == nil, Verdict: why}
	if err != nil {
		c.Verdict = err.Error()
	}
	for _, f := range facts {
		if f.Value != "" {
			c.Facts = append(c.Facts, f)
		}
	}
	return c
}
