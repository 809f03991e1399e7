package machine

import (
	"strings"

	"github.com/hwident/hwident/identity"
)

// Candidate is one identifier found on the machine, as `hwident show`
// lists it.
type Candidate struct {
	Source  string          // spec to put in the config, e.g. "net:eth0"
	Value   string          // what the source reads now ("" when unreadable)
	Usable  bool            // fit to be (part of) an identity
	Verdict string          // why it is or is not usable
	Facts   []identity.Attr // details: bus, address type, ...
}

// Section lists the candidates of one kind of hardware.
type Section struct {
	Title      string
	Candidates []Candidate
}

// Show lists what `hwident show` reports, section by section: the
// configured identity (config is --config, "" for the root's), then the
// candidates of each kind of hardware; a modem section only when this
// build reads modems and the machine has one.
func (m *Machine) Show(config string) []Section {
	m.cfg, m.cfgErr = m.LoadConfig(config)
	s := make([]Section, 0, len(showSections)+1)
	for _, t := range showSections {
		if c := t.list(m); t.title != "modem" || len(c) > 0 {
			s = append(s, Section{t.title, c})
		}
	}
	return s
}

// showSections each list the candidates of one kind of hardware.
var showSections = [...]struct {
	title string
	list  func(m *Machine) []Candidate
}{
	{"identity", (*Machine).showIdentity},
	{"net", (*Machine).showNet},
	{"mmc", (*Machine).showMMC},
	{"dmi", (*Machine).showDMI},
	{"board", (*Machine).showBoard},
	{"eeprom", (*Machine).showEEPROMs},
	{"modem", (*Machine).showModem}, // none without a modem, or modem support
}

// showIdentity reports the configured identity as it reads now, and drift
// from the pinned identity when pinning is on.
func (m *Machine) showIdentity() []Candidate {
	cfg := m.cfg
	if m.cfgErr != nil {
		return []Candidate{{Source: "config", Verdict: m.cfgErr.Error()}}
	}
	var out []Candidate
	for _, at := range cfg.Attrs {
		v, err := m.Read(at.Source)
		c := Candidate{Source: at.Source.String(), Value: v, Usable: err == nil, Facts: append(make([]identity.Attr, 0, 1), identity.Attr{Key: "key", Value: at.Key})}
		if err != nil {
			c.Verdict = err.Error()
		}
		out = append(out, c)
	}
	out = append(out, m.showInventoryCerts(cfg.InventoryCerts)...)
	if cfg.Pin == "" {
		return out
	}
	pin := Candidate{Source: "@pin " + cfg.Pin}
	r, err := m.Resolve(cfg)
	switch r.Pin {
	case PinMissing:
		pin.Verdict = "nothing pinned yet: the next hwident identity that reads the hardware pins it"
		return append(out, pin)
	case PinBroken:
		pin.Verdict = err.Error()
		return append(out, pin)
	case PinUnreadHW:
		pin.Verdict = "pinned identity is emitted; the hardware cannot be read now: " + r.LiveErr.Error()
	case PinDrift:
		pin.Verdict = "DRIFT: the hardware now reads " + strings.TrimSpace(strings.ReplaceAll(string(r.Live.Mender()), "\n", " ")) + "; the pinned identity is emitted"
	default:
		pin.Verdict = "pinned identity matches the hardware"
	}
	pin.Value, pin.Usable = r.Identity.ID(), true
	return append(out, pin)
}
