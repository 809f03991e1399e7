package eeprom

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

// TestFilesInMatchesGlob checks filesIn against fs.Glob of dir/*/name.
func TestFilesInMatchesGlob(t *testing.T) {
	root := fstest.MapFS{
		"d/a/eeprom":       {Data: []byte{1}},
		"d/.hidden/eeprom": {Data: []byte{1}},
		"d/b/name":         {Data: []byte("x")},
		"d/c/eeprom/inner": {Data: []byte{1}}, // eeprom is a directory here
		"d/file":           {Data: []byte{1}},
		"d/link":           {Data: []byte("../t"), Mode: fs.ModeSymlink},
		"t/eeprom":         {Data: []byte{1}},
		"d/broken":         {Data: []byte("../nowhere"), Mode: fs.ModeSymlink},
	}
	for _, dir := range []string{"d", "t", "missing"} {
		want, err := fs.Glob(root, dir+"/*/eeprom")
		if err != nil {
			t.Fatal(err)
		}
		if got := filesIn(root, dir, "eeprom"); !slices.Equal(got, want) {
			t.Errorf("filesIn(%s) = %q, fs.Glob %q", dir, got, want)
		}
	}
}
