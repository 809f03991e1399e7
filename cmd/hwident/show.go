package main

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// candidate is one identifier found on the machine, as `hwident show` lists it.
type candidate struct {
	Source  string          // spec to put in the config, e.g. "net:eth0"
	Value   string          // what the source reads now ("" when unreadable)
	Usable  bool            // fit to be (part of) an identity
	Verdict string          // why it is or is not usable
	Facts   []identity.Attr // details: bus, address type, ...
}

// showSections each list the candidates of one kind of hardware.
var showSections = []showSection{
	{"identity", (*machine).showIdentity},
	{"net", (*machine).showNet},
	{"mmc", (*machine).showMMC},
	{"dmi", (*machine).showDMI},
	{"board", (*machine).showBoard},
	{"eeprom", (*machine).showEEPROMs},
}

func runShow(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	root, cfgPath := fs.MachineFlags()
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if err := fs.Parse(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("show takes no arguments, got %q", fs.Args())
	}
	m, err := a.openMachine(*root)
	if err != nil {
		return err
	}
	m.showConfig = *cfgPath
	var out bytes.Buffer
	if *asJSON {
		writeShowJSON(&out, m)
	} else {
		writeShowText(&out, m)
	}
	_, err = a.Stdout.Write(out.Bytes())
	return err
}

// showSection is one section of show; m.sections() gives this build's.
type showSection struct {
	title string
	list  func(m *machine) []candidate
}

func writeShowText(b *bytes.Buffer, m *machine) {
	for _, s := range m.sections() {
		b.WriteString("== " + s.title + "\n")
		for _, c := range s.list(m) {
			mark := "no "
			if c.Usable {
				mark = "yes"
			}
			// As fmt's %-32s: padded to 32 runes.
			src := identity.EncodeValue(c.Source)
			b.WriteString(mark + "  " + src)
			for n := utf8.RuneCountInString(src); n < 32; n++ {
				b.WriteByte(' ')
			}
			b.WriteString(" " + identity.EncodeValue(c.Value) + "\n")
			if c.Verdict != "" {
				b.WriteString("       " + c.Verdict + "\n")
			}
			if len(c.Facts) > 0 {
				parts := make([]string, len(c.Facts))
				for i, f := range c.Facts {
					parts[i] = f.Key + "=" + identity.EncodeValue(f.Value)
				}
				b.WriteString("       " + strings.Join(parts, " ") + "\n")
			}
		}
	}
}

// writeShowJSON writes JSON by hand: show is in the identity-only build,
// where encoding/json's reflection would cost far more than the budget has
// left (docs/size.md).
func writeShowJSON(b *bytes.Buffer, m *machine) {
	b.WriteString("{")
	for i, s := range m.sections() {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  " + identity.QuoteJSON(s.title) + ": [")
		for j, c := range s.list(m) {
			if j > 0 {
				b.WriteString(",")
			}
			usable := "false"
			if c.Usable {
				usable = "true"
			}
			b.WriteString("\n    {\"source\": " + identity.QuoteJSON(c.Source) + ", \"value\": " + identity.QuoteJSON(c.Value) +
				", \"usable\": " + usable + ", \"verdict\": " + identity.QuoteJSON(c.Verdict) + ", \"facts\": {")
			for k, f := range c.Facts {
				if k > 0 {
					b.WriteString(", ")
				}
				b.WriteString(identity.QuoteJSON(f.Key) + ": " + identity.QuoteJSON(f.Value))
			}
			b.WriteString("}}")
		}
		b.WriteString("\n  ]")
	}
	b.WriteString("\n}\n")
}

// showIdentity reports the configured identity as it reads now, and drift
// from the pinned identity when pinning is on.
func (m *machine) showIdentity() []candidate {
	cfg, err := m.loadConfig(m.showConfig)
	if err != nil {
		return []candidate{{Source: "config", Verdict: err.Error()}}
	}
	var out []candidate
	for _, at := range cfg.Attrs {
		v, err := m.read(at.Source)
		c := candidate{Source: at.Source.String(), Value: v, Usable: err == nil, Facts: append(make([]identity.Attr, 0, 1), identity.Attr{Key: "key", Value: at.Key})}
		if err != nil {
			c.Verdict = err.Error()
		}
		out = append(out, c)
	}
	out = append(out, m.showInventoryCerts(cfg.InventoryCerts)...)
	if cfg.Pin == "" {
		return out
	}
	pin := candidate{Source: "@pin " + cfg.Pin}
	pinned, err := m.readPin(cfg.Pin)
	live, liveErr := m.readIdentity(cfg)
	switch {
	case rootfs.Missing(err):
		pin.Verdict = "nothing pinned yet: the next hwident identity that reads the hardware pins it"
	case err != nil:
		pin.Verdict = err.Error()
	case liveErr != nil:
		pin.Value, pin.Usable = pinned.ID(), true
		pin.Verdict = "pinned identity is emitted; the hardware cannot be read now: " + liveErr.Error()
	case !slices.Equal(pinned, live): // the rule identity warns by (pin.go)
		pin.Value, pin.Usable = pinned.ID(), true
		pin.Verdict = "DRIFT: the hardware now reads " + strings.TrimSpace(strings.ReplaceAll(string(live.Mender()), "\n", " ")) + "; the pinned identity is emitted"
	default:
		pin.Value, pin.Usable = pinned.ID(), true
		pin.Verdict = "pinned identity matches the hardware"
	}
	return append(out, pin)
}
