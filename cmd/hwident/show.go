package main

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/machine"
	"github.com/hwident/hwident/identity"
)

func runShow(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	root, cfgPath := fs.MachineFlags()
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return cli.Usagef("show takes no arguments, got %q", fs.Args())
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
	_, err = a.Stdout.Write(out.Bytes())
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
			src := terminalText(identity.EncodeValue(c.Source))
			b.WriteString(mark + "  " + src)
			for n := utf8.RuneCountInString(src); n < 32; n++ {
				b.WriteByte(' ')
			}
			b.WriteString(" " + terminalText(identity.EncodeValue(c.Value)) + "\n")
			if c.Verdict != "" {
				b.WriteString("       " + terminalText(c.Verdict) + "\n")
			}
			if len(c.Facts) > 0 {
				parts := make([]string, len(c.Facts))
				for i, f := range c.Facts {
					parts[i] = f.Key + "=" + terminalText(identity.EncodeValue(f.Value))
				}
				b.WriteString("       " + strings.Join(parts, " ") + "\n")
			}
		}
	}
}

// terminalText escapes, as strconv.Quote spells them, the characters of s
// that could drive a terminal or reorder what it shows: controls (C0, DEL,
// C1), invisible format characters (bidi overrides) and invalid UTF-8.
// Verdicts carry error text with paths from the config, and EncodeValue
// (the Mender encoding) leaves non-ASCII controls as they are.
func terminalText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !strconv.IsPrint(r) {
			if b.Len() == 0 {
				b.WriteString(s[:i])
			}
			q := strconv.Quote(s[i : i+n])
			b.WriteString(q[1 : len(q)-1])
		} else if b.Len() > 0 {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
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
