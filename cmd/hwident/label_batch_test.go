//go:build !identityonly

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLabelBatch(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "ids.csv")
	os.WriteFile(csvFile, []byte("mac,serial,mac\naa:bb:cc:dd:ee:01,SN1,\naa:bb:cc:dd:ee:02,\"SN,2\",aa:bb:cc:dd:ee:03\n"), 0o644)
	jsonFile := filepath.Join(dir, "ids.jsonl")
	os.WriteFile(jsonFile, []byte(`{"mac":"aa:bb:cc:dd:ee:01","serial":"SN1"}`+"\n\n"+`{"mac":["aa:bb:cc:dd:ee:02","aa:bb:cc:dd:ee:03"],"serial":"SN,2"}`+"\n"), 0o644)
	want := []string{"mac=aa:bb:cc:dd:ee:01\nserial=SN1\n", "mac=aa:bb:cc:dd:ee:02\nserial=SN,2\nmac=aa:bb:cc:dd:ee:03\n"}
	wantJSON := []string{want[0], "mac=aa:bb:cc:dd:ee:02\nmac=aa:bb:cc:dd:ee:03\nserial=SN,2\n"}
	for _, f := range []string{csvFile, jsonFile} {
		r := runHwident(t, "", nil, "hwident", "label", "--batch", f, "--format", "payload")
		payloads := strings.Fields(r.stdout)
		if r.code != 0 || len(payloads) != 2 {
			t.Fatalf("%s: code %d stdout %q stderr %q", f, r.code, r.stdout, r.stderr)
		}
		for i, p := range payloads {
			d := runHwident(t, "", nil, "hwident", "label", "decode", p)
			// JSON lists keep their position in the object, CSV its columns.
			w := want[i]
			if f == jsonFile {
				w = wantJSON[i]
			}
			if d.stdout != w {
				t.Errorf("%s label %d decodes to %q, want %q", f, i, d.stdout, w)
			}
		}
		zpl := runHwident(t, "", nil, "hwident", "label", "--batch", f)
		if n := strings.Count(zpl.stdout, "^XA"); n != 2 || strings.Count(zpl.stdout, "^XZ") != 2 {
			t.Errorf("%s: ZPL stream has %d labels", f, n)
		}
		out := filepath.Join(dir, "png-"+filepath.Ext(f)[1:])
		r = runHwident(t, "", nil, "hwident", "label", "--batch", f, "--format", "png", "--out", out)
		files, _ := filepath.Glob(filepath.Join(out, "*.png"))
		if r.code != 0 || len(files) != 2 {
			t.Fatalf("%s: png batch: code %d stderr %q, files %q", f, r.code, r.stderr, files)
		}
		data, _ := os.ReadFile(files[1])
		if got := scanPNG(t, data); got != payloads[1] {
			t.Errorf("%s: second PNG scans as %q, want %q", f, got, payloads[1])
		}
	}
	for _, bad := range []string{"MAC,serial\nx,y\n", "{\"mac\": 3}\n", "{\"MAC\":\"x\"}\n", "mac\n", "{\"mac\":\"x\"\n"} {
		f := filepath.Join(dir, "bad")
		os.WriteFile(f, []byte(bad), 0o644)
		r := runHwident(t, "", nil, "hwident", "label", "--batch", f)
		if r.code != 1 || r.stdout != "" {
			t.Errorf("batch %q: code %d stdout %q stderr %q; want exit 1", bad, r.code, r.stdout, r.stderr)
		}
	}
}
