package machine

import (
	"strings"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
)

// showEEPROMs lists every EEPROM the kernel exposes (at24 and nvmem files)
// with each decoded field and whether it can identify the unit, then the
// raw-bus eeprom: sources of the config with the mode they were read in.
func (m *Machine) showEEPROMs() []Candidate {
	files, err := eeprom.ListExposed(m.FS)
	if err != nil {
		return []Candidate{{Source: "eeprom", Verdict: err.Error()}}
	}
	var out []Candidate
	for _, e := range files {
		out = append(out, m.showExposed(e)...)
	}
	if m.cfgErr != nil {
		return out // the identity section reports config errors
	}
	return append(out, m.showRawEEPROMSources(m.cfg)...)
}

func (m *Machine) showExposed(e eeprom.Exposed) []Candidate {
	loc := e.Device
	if !strings.HasPrefix(e.Path, "sys/bus/i2c/devices/") {
		loc = "/" + e.Path
	}
	facts := append(make([]identity.Attr, 0, 4), identity.Attr{Key: "file", Value: "/" + e.Path}, identity.Attr{Key: "mode", Value: string(eeprom.ModeSysfs)})
	if e.Chip != "" {
		facts = append(facts, identity.Attr{Key: "chip", Value: e.Chip})
	}
	img, err := eeprom.LoadFile(m.FS, e.Path, "auto")
	if err != nil {
		return []Candidate{{Source: "eeprom:" + loc, Verdict: err.Error(), Facts: facts}}
	}
	// The at24 driver's file of an AT24MAC serial area is the EUI alone.
	switch e.Chip {
	case "24mac402":
		return []Candidate{euiCandidate("eeprom:"+loc+":eui48", img, eeprom.EUI48AT24MAC, facts)}
	case "24mac602":
		return []Candidate{euiCandidate("eeprom:"+loc+":eui64", img, eeprom.EUI64AT24MAC, facts)}
	}
	var out []Candidate
	d, err := eeprom.Decode("auto", img)
	if err != nil {
		out = append(out, Candidate{Source: "eeprom:" + loc, Verdict: err.Error(), Facts: facts})
	} else {
		facts = append(facts, identity.Attr{Key: "format", Value: d.Format})
		for _, f := range d.Fields {
			c := Candidate{Source: "eeprom:" + loc + ":" + d.Format + ":" + f.Key, Value: f.Value, Facts: facts}
			c.Usable, c.Verdict = judgeEEPROMField(d.Format, f.Key, f.Value)
			out = append(out, c)
		}
		for _, p := range d.Problems {
			out = append(out, Candidate{Source: "eeprom:" + loc + ":" + d.Format, Verdict: p.Error(), Facts: facts})
		}
	}
	if eeprom.MicrochipEUI48Layout(img) { // the MAC check says whether it is usable
		out = append(out, euiCandidate("eeprom:"+loc+":eui48", img, eeprom.EUI48Microchip, facts))
	}
	return out
}

// euiCandidate decodes and judges the EUI at eui in img.
func euiCandidate(source string, img []byte, eui eeprom.EUILocation, facts []identity.Attr) Candidate {
	c := Candidate{Source: source, Facts: facts}
	v, err := eeprom.DecodeEUI(img, eui)
	if err == nil {
		format := "eui48"
		if eui.Len == 8 {
			format = "eui64"
		}
		err = checkEEPROMValue(format, "", v)
	}
	c.Value = v
	if err != nil {
		c.Verdict = "not a factory EUI: " + err.Error()
	} else {
		c.Usable, c.Verdict = true, "factory EUI of the "+eui.Chip
	}
	return c
}

// judgeEEPROMField says whether a decoded field identifies the unit:
// serial numbers, MACs and HAT UUIDs do; names and versions do not.
func judgeEEPROMField(format, key, v string) (bool, string) {
	unique := strings.Contains(key, "serial") || eeprom.IsMACField(key) ||
		key == "uuid" || key == "service_tag" || key == "product_asset_tag"
	if !unique {
		return false, "describes the product, not the unit"
	}
	if err := checkEEPROMValue(format, key, v); err != nil {
		return false, err.Error()
	}
	return true, ""
}

// showRawEEPROMSources reads the config's raw-bus eeprom: sources and says
// which mode worked (i2c, smbus-block, smbus-byte or the sysfs fallback).
func (m *Machine) showRawEEPROMSources(cfg *identity.Config) []Candidate {
	var out []Candidate
	for _, at := range cfg.Attrs {
		if at.Source.Scheme != "eeprom" {
			continue
		}
		spec, err := identity.ParseEEPROMSpec(at.Source.Arg)
		if err != nil || !spec.Raw() {
			continue
		}
		c := Candidate{Source: at.Source.String()}
		v, mode, err := m.readEEPROM(spec)
		c.Facts = append(make([]identity.Attr, 0, 2), identity.Attr{Key: "key", Value: at.Key}, identity.Attr{Key: "mode", Value: string(mode)})
		if err == nil {
			err = checkEEPROMValue(spec.Format, spec.Field, v)
		}
		if err != nil {
			c.Verdict = err.Error()
		} else {
			c.Value, c.Usable = v, true
		}
		out = append(out, c)
	}
	return out
}
