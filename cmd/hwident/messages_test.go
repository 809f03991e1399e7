package main

import (
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

// TestBadValuesQuotedShort: whatever a file or the config holds, an error
// line quotes at most a short, escaped prefix of it; no escape sequence
// reaches the terminal, from identity or from show.
func TestBadValuesQuotedShort(t *testing.T) {
	esc := "\x1b]0;owned\x07\x1b[2J"
	long := strings.Repeat("K", 1<<20)
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"repeated value in a file", map[string]string{"etc/hwident.conf": "sn=file:/etc/v\n", "etc/v": strings.Repeat("\x1b", 4000)}},
		{"placeholder-free garbage in a dmi file", map[string]string{"etc/hwident.conf": "u=dmi:product_uuid\n", "sys/class/dmi/id/product_uuid": esc + strings.Repeat("z", 3000)}},
		{"unknown scheme", map[string]string{"etc/hwident.conf": "sn=" + esc + long + ":x\n"}},
		{"unknown argument", map[string]string{"etc/hwident.conf": "sn=dmi:" + esc + long + "\n"}},
		{"key set twice", map[string]string{"etc/hwident.conf": long + "=net:auto\n" + long + "=net:auto\n"}},
		{"bad key", map[string]string{"etc/hwident.conf": esc + long + "=net:auto\n"}},
		{"unknown directive", map[string]string{"etc/hwident.conf": "@" + esc + long + " /x\n"}},
		{"long file: path", map[string]string{"etc/hwident.conf": "sn=file:/" + esc + long + "\n"}},
		{"eeprom field", map[string]string{"etc/hwident.conf": "sn=eeprom:/etc/e:onie:" + esc + long + "\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := boards.Write(t, tc.files)
			r := runHwident(t, "", nil, "hwident", "identity", "--root", root)
			if r.code != 1 || r.stdout != "" || len(r.stderr) > 1000 || strings.ContainsAny(r.stderr, "\x1b\x07") {
				t.Errorf("identity: exit %d, stdout %q, stderr of %d bytes: %.300q", r.code, r.stdout, len(r.stderr), r.stderr)
			}
			s := runHwident(t, "", nil, "hwident", "show", "--root", root)
			if strings.ContainsAny(s.stdout+s.stderr, "\x1b\x07") {
				t.Errorf("show lets a control character through: %.300q", s.stdout)
			}
		})
	}
}
