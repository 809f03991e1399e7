package eeprom

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/golden"
	"github.com/hwident/hwident/scripts/testkit/realdata"
)

// realdataDir is the real EEPROM dumps' directory (see package realdata).
func realdataDir(t testing.TB) string {
	t.Helper()
	return realdata.Dir(t, "eeprom")
}

// realdataFormat is the format the dumps of each directory are in; the
// serial-uid dumps are no format we decode and go through auto.
var realdataFormat = map[string]string{
	"onie": "onie", "fru": "fru", "am335x": "am335x", "rpi-hat": "rpi-hat",
	"eui48": "eui48", "serial-uid": "auto",
}

// realdataImages lists every dump (not the tool outputs next to them).
func realdataImages(t testing.TB) []string {
	root := realdataDir(t)
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".txt") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		realdata.Skip(t, "no real EEPROM dumps in %s", root)
	}
	return files
}

// describe renders a decode for golden files: format, fields, problems or
// the error, and what auto detection says.
func describe(format string, img []byte) string {
	var b strings.Builder
	d, err := Decode(format, img)
	if err != nil {
		fmt.Fprintf(&b, "decode %s: error: %v\n", format, err)
	} else {
		fmt.Fprintf(&b, "decode %s: format %s\n", format, d.Format)
		for _, f := range d.Fields {
			fmt.Fprintf(&b, "%s=%q\n", f.Key, f.Value)
		}
		for _, p := range d.Problems {
			fmt.Fprintf(&b, "problem: %v\n", p)
		}
	}
	if f, err := Detect(img); err != nil {
		fmt.Fprintf(&b, "auto: %v\n", err)
	} else {
		fmt.Fprintf(&b, "auto: %s\n", f)
	}
	fmt.Fprintf(&b, "need: %d of %d\n", Need("auto", img), len(img))
	return b.String()
}

func TestRealDumpsGolden(t *testing.T) {
	root := realdataDir(t)
	for _, p := range realdataImages(t) {
		rel, _ := filepath.Rel(root, p)
		t.Run(rel, func(t *testing.T) {
			img, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			format, ok := realdataFormat[filepath.Dir(rel)]
			if !ok {
				t.Fatalf("no format known for directory %s: add it to realdataFormat", filepath.Dir(rel))
			}
			golden.Check(t, filepath.Join("testdata", "realdata", rel+".golden"), []byte(describe(format, img)))
		})
	}
}

// realdataDirOrEmpty is realdataDir for fuzz seeding: "" when absent.
func realdataDirOrEmpty() string {
	root, err := realdata.Root()
	if err != nil {
		return ""
	}
	return filepath.Join(root, "eeprom")
}
