package label_test

import (
	"path/filepath"
	"testing"

	"github.com/hwident/hwident/label"
	"github.com/hwident/hwident/scripts/testkit/golden"
)

// goldenLabels are fixed inputs whose outputs are kept in testdata/golden.
var goldenLabels = []struct {
	name    string
	content string
	spec    label.Spec
}{
	{"mac-203", "HW10CD0AABBCCDDEEFF2GA", spec(203, 'M', "mac=aa:bb:cc:dd:ee:ff")},
	{"mac-600-copies", "HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 38.5, HeightMM: 19, DPI: 600, Level: 'Q', Text: []string{"mac=aa:bb:cc:dd:ee:ff", "Batch 7"}, Copies: 3}},
	{"portrait-300", "HTTPS://HWIDENT.EXAMPLE/D/HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 30, HeightMM: 50, DPI: 300, Level: 'L', Text: []string{"mac=aa:bb:cc:dd:ee:ff"}, Copies: 1}},
	{"square-50-203", "HW10CD0B827EB123456FD1SN2024000123DGU", label.Spec{WidthMM: 50, HeightMM: 50, DPI: 203, Level: 'M', Text: []string{"mac=b8:27:eb:12:34:56", "serial=SN2024000123"}, Copies: 1}},
	{"square-25-300-keyvalue", "HW10CD0B827EB123456FD1SN2024000123DGU", label.Spec{WidthMM: 25, HeightMM: 25, DPI: 300, Level: 'M', Text: []string{"mac=b8:27:eb:12:34:56", "serial=SN2024000123"}, Copies: 1}},
	{"hostile-text", "HW10CD0AABBCCDDEEFF2GA", spec(203, 'H', "^XZ^XA~JA_5E", `"q" <script>&'`, "a\r\nb\x00é")},
}

func TestGolden(t *testing.T) {
	for _, g := range goldenLabels {
		l, err := label.New(g.content, g.spec)
		if err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		tspl, err := l.AppendTSPL(nil)
		if err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		for ext, got := range map[string][]byte{"zpl": l.AppendZPL(nil), "tspl": tspl, "svg": l.AppendSVG(nil), "txt": l.AppendText(nil)} {
			golden.Check(t, filepath.Join("testdata", "golden", g.name+"."+ext), got)
		}
	}
}
