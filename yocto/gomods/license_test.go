package gomods

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		file, want string
		err        error
	}{
		{"../../LICENSE", "MIT", nil},
		{"testdata/bsd3.txt", "BSD-3-Clause", nil},
		{"testdata/bsd2.txt", "BSD-2-Clause", nil},
		{"testdata/apache-header.txt", "Apache-2.0", nil},
		{"testdata/mit-and-apache.txt", "Apache-2.0 & MIT", nil},
		{"testdata/isc.txt", "ISC", nil},
		{"testdata/unknown.txt", "", ErrLicense},
	}
	for _, tt := range tests {
		text, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Classify(text)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Classify(%s) = %q, %v; want %q, %v", tt.file, got, err, tt.want, tt.err)
		}
	}
}

func TestModuleLicenses(t *testing.T) {
	bsd, err := os.ReadFile("testdata/bsd3.txt")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"LICENSE":        {Data: bsd},
		"PATENTS":        {Data: []byte("patent grant")},
		"license/doc.go": {Data: []byte("package license")},
		"main.go":        {Data: []byte("package main")},
	}
	got, err := ModuleLicenses(fsys, "golang.org/x/Sys", "v0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(bsd)
	want := []LicenseFile{{Path: "pkg/mod/golang.org/x/!sys@v0.1.0/LICENSE", MD5: hex.EncodeToString(sum[:]), SPDX: "BSD-3-Clause"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := ModuleLicenses(fstest.MapFS{"main.go": {Data: []byte("x")}}, "a.example/m", "v1.0.0"); !errors.Is(err, ErrLicense) {
		t.Errorf("module without license: err = %v, want ErrLicense", err)
	}
}

func TestLicensesIncRoundTrip(t *testing.T) {
	files := []LicenseFile{
		{Path: "pkg/mod/periph.io/x/conn/v3@v3.7.3/LICENSE", MD5: "3b83ef96387f14655fc854ddc3c6bd57", SPDX: "Apache-2.0"},
		{Path: "pkg/mod/github.com/skip2/go-qrcode@v0.0.0-1/LICENSE", MD5: "e0a0a3e5d5dd8bc8ec8a2ec6b3b52fa9", SPDX: "MIT"},
	}
	linked := []string{"github.com/skip2/go-qrcode@v0.0.0-1", "periph.io/x/conn/v3@v3.7.3"}
	data := LicensesInc("MIT", linked, files)
	if want := `LICENSE .= " & Apache-2.0"`; !contains(data, want) {
		t.Errorf("include lacks %q (MIT is the project's own):\n%s", want, data)
	}
	p, err := ParseLicensesInc(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Linked, linked) {
		t.Errorf("linked %v, want %v", p.Linked, linked)
	}
	if len(p.Files) != 2 || p.Files[0].Path != files[1].Path || p.Files[0].MD5 != files[1].MD5 {
		t.Errorf("files %+v, want both, sorted by path", p.Files)
	}
	if contains(LicensesInc("MIT", nil, files[1:]), "LICENSE .=") {
		t.Error("only the project's own license: LICENSE must stay unchanged")
	}
}

func contains(data []byte, s string) bool { return strings.Contains(string(data), s) }
