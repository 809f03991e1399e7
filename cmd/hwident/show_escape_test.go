package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// show's verdicts carry error text with paths from the config (an
// @inventory-cert, @pin or EEPROM path may hold any byte but a line break):
// what could drive the terminal is escaped, as Quote spells it, and the
// rest stays as it is.
func TestShowEscapesVerdicts(t *testing.T) {
	root := t.TempDir()
	// The pin a directory: both builds say why it cannot be read, with its path.
	if err := os.MkdirAll(filepath.Join(root, "etc", "p\x1b]0;title\x07", "pin"), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := "@inventory-cert /etc/a\x1b[31mred\x07\u202e\u0085\xff\n@pin /etc/p\x1b]0;title\x07/pin\nmac=net:auto\n"
	if err := os.WriteFile(filepath.Join(root, "etc", "hwident.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runHwident(t, "", nil, "hwident", "show", "--root", root)
	for _, line := range strings.Split(res.stdout, "\n") {
		for _, r := range line {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u202e' || r == '\ufffd' {
				t.Fatalf("show writes %U to the terminal in %q", r, line)
			}
		}
	}
	wants := []string{
		`@inventory-cert /etc/a%1B[31mred%07\u202e\u0085%FF `, // the source: percent-encoded as a value, then escaped
		`@pin /etc/p%1B]0;title%07/pin`,
	}
	if !strings.Contains(res.stdout, "not read by the identity-only build") {
		wants = append(wants, `: open etc/a\x1b[31mred\a\u202e\u0085\xff: `) // the verdict: the error's own copy of the path
	}
	for _, want := range wants {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("show does not say %q:\n%s", want, res.stdout)
		}
	}
}
