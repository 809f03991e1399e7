package main

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

func runShow(a *app, args []string) error {
	fs := a.newFlags("show", "show [--root DIR] [--config FILE] [--json]")
	root := fs.String("root", "", "read the machine under `DIR` (default $HWIDENT_ROOT or /)")
	cfgPath := fs.String("config", "", "config `FILE` (default /etc/hwident.conf under the root)")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("show takes no arguments, got %q", fs.Args())
	}
	m, err := a.openMachine(*root)
	if err != nil {
		return err
	}
	sections := m.Show(*cfgPath)
	var out bytes.Buffer
	if *asJSON {
		writeShowJSON(&out, sections)
	} else {
		writeShowText(&out, sections)
	}
	_, err = a.stdout.Write(out.Bytes())
	return err
}

func writeShowText(b *bytes.Buffer, sections []machine.Section) {
	for _, s := range sections {
		b.WriteString("== " + s.Title + "\n")
		for _, c := range s.Candidates {
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
func writeShowJSON(b *bytes.Buffer, sections []machine.Section) {
	b.WriteString("{")
	for i, s := range sections {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  " + identity.QuoteJSON(s.Title) + ": [")
		for j, c := range s.Candidates {
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
