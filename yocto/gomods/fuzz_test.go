package gomods

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// seed adds a file of the repository (go.sum or a generated include) to the
// corpus; a missing file only means fewer seeds.
func seed(f *testing.F, path string) {
	if data, err := os.ReadFile(path); err == nil {
		f.Add(data)
	}
}

func FuzzParseGoSum(f *testing.F) {
	seed(f, "../../go.sum")
	f.Add([]byte("a.example/m v1.0.0/go.mod h1:y=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		mods, err := ParseGoSum(data)
		if err != nil {
			return
		}
		// Writing the modules back as go.sum lines gives the same list.
		var b strings.Builder
		for _, m := range mods {
			b.WriteString(m.Path + " " + m.Version + "/go.mod h1:x\n")
			if m.Zip {
				b.WriteString(m.Path + " " + m.Version + " h1:x\n")
			}
		}
		again, err := ParseGoSum([]byte(b.String()))
		if err != nil || !reflect.DeepEqual(again, mods) {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, mods)
		}
	})
}

func FuzzParseInc(f *testing.F) {
	seed(f, "../meta-hwident/recipes-support/hwident/hwident-go-mods.inc")
	seed(f, "../meta-hwident/recipes-support/hwident/hwident-go-mods-proxy.inc")
	f.Fuzz(func(t *testing.T, data []byte) {
		inc, err := ParseInc(data)
		if err != nil {
			return
		}
		for _, a := range inc.Artifacts {
			if inc.Sums[a] == "" || (a.Ext != ".zip" && a.Ext != ".mod") {
				t.Fatalf("artifact %+v read with sum %q", a, inc.Sums[a])
			}
		}
	})
}

func FuzzParseLicensesInc(f *testing.F) {
	seed(f, "../meta-hwident/recipes-support/hwident/hwident-licenses.inc")
	f.Add(LicensesInc("MIT", []string{"a.example/m@v1.0.0"}, []LicenseFile{{Path: "pkg/mod/a.example/m@v1.0.0/LICENSE", MD5: strings.Repeat("0", 32), SPDX: "ISC"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseLicensesInc(data)
		if err != nil {
			return
		}
		// What was read renders to an include that reads back the same.
		again, err := ParseLicensesInc(LicensesInc("MIT", p.Linked, p.Files))
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Files) != len(p.Files) {
			t.Fatalf("files %d, read back %d", len(p.Files), len(again.Files))
		}
	})
}
