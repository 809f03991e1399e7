//go:build !identityonly

package main

import (
	"bytes"
	"image/png"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

const macLines = "mac=aa:bb:cc:dd:ee:ff\n"

func scanPNG(t *testing.T, data []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.GetText()
}

// The label of this device (from --root) scans back, through label decode,
// to exactly what `hwident identity` prints.
func TestLabelOfDeviceRoundTrip(t *testing.T) {
	root := writeTree(t, map[string]string{
		"etc/hwident.conf": "serial=file:/etc/serial\nsku=file:/etc/sku\n",
		"etc/serial":       "SN<1&2>\n",
		"etc/sku":          "A%B é\n",
	})
	want := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	out := filepath.Join(t.TempDir(), "label.png")
	r := runHwident(t, "", nil, "hwident", "label", "--root", root, "--format", "png", "--out", out, "--dpi", "300", "--ec", "q")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("label: code %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	scanned := scanPNG(t, data)
	for _, text := range []string{scanned, strings.ToLower(scanned) + "\r\n"} {
		d := runHwident(t, "", nil, "hwident", "label", "decode", text)
		if d.code != 0 || d.stdout != want.stdout {
			t.Fatalf("decode %q: code %d stdout %q stderr %q; want %q", text, d.code, d.stdout, d.stderr, want.stdout)
		}
	}
	d := runHwident(t, scanned+"\n", nil, "hwident", "label", "decode", "-")
	if d.stdout != want.stdout {
		t.Errorf("decode - gave %q, want %q", d.stdout, want.stdout)
	}
}

func TestLabelFormats(t *testing.T) {
	tests := []struct {
		args []string
		want []string // substrings of stdout
	}{
		{[]string{"--format", "payload"}, []string{"HW10CD0AABBCCDDEEFF2GA\n"}},
		{[]string{"--format", "payload", "--url-template", "HTTPS://HWIDENT.EXAMPLE/D/{payload}"}, []string{"HTTPS://HWIDENT.EXAMPLE/D/HW10CD0AABBCCDDEEFF2GA\n"}},
		{nil, []string{"^XA", "^BQN,2,6,M", "^FDMA,HW10CD0AABBCCDDEEFF2GA^FS", "^PQ1", "^XZ"}},
		{[]string{"--format", "tspl", "--copies", "3", "--text", "A", "--text", "B"}, []string{"QRCODE", ",M2,", `"A"`, `"B"`, "PRINT 1,3"}},
		{[]string{"--format", "svg", "--size", "60x30"}, []string{`width="60mm" height="30mm"`, "mac=aa:bb:cc:dd:ee:ff</text>"}},
		{[]string{"--format", "txt"}, []string{"█", macLines}},
	}
	for _, tt := range tests {
		args := append([]string{"hwident", "label", "--identity", "-"}, tt.args...)
		r := runHwident(t, macLines, nil, args...)
		if r.code != 0 {
			t.Errorf("%q: code %d stderr %q", tt.args, r.code, r.stderr)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%q: output lacks %q:\n%s", tt.args, w, r.stdout)
			}
		}
	}
}

func TestLabelErrors(t *testing.T) {
	tests := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{macLines, []string{"--size", "12x10"}, 1, "--size"},
		{macLines, []string{"--format", "pdf"}, 2, "--format"},
		{macLines, []string{"--ec", "X"}, 2, "--ec"},
		{macLines, []string{"--size", "50"}, 2, "WIDTHxHEIGHT"},
		{macLines, []string{"--dpi", "150"}, 1, "203"},
		{macLines, []string{"--format", "png", "--print", "/dev/null"}, 2, "zpl or tspl"},
		{macLines, []string{"--format", "png", "--copies", "2"}, 2, "--copies"},
		{macLines, []string{"--print", "lpt1"}, 2, "tcp://"},
		{macLines, []string{"--url-template", "HTTPS://X/"}, 1, "{payload}"},
		{"not an identity\n", nil, 1, "identity -"},
		{"", []string{"decode"}, 2, "PAYLOAD"},
		{"", []string{"decode", "HW10CD0AABBCCDDEEFF2GB"}, 1, "check"},
		{"", []string{"decode", "HW90CD0AABBCCDDEEFF2GA"}, 1, "version"},
		{"", []string{"decode", "WIFI:S:x;;"}, 1, "HW"},
	}
	for _, tt := range tests {
		args := []string{"hwident", "label"}
		if len(tt.args) == 0 || tt.args[0] != "decode" {
			args = append(args, "--identity", "-")
		}
		r := runHwident(t, tt.stdin, nil, append(args, tt.args...)...)
		if r.code != tt.code || r.stdout != "" || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: code %d stdout %q stderr %q; want exit %d mentioning %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.want)
		}
	}
}

func TestLabelPrintTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		data, _ := io.ReadAll(c)
		c.Close()
		got <- data
	}()
	want := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--copies", "2").stdout
	r := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--copies", "2", "--print", "tcp://"+ln.Addr().String())
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("code %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if data := <-got; string(data) != want {
		t.Errorf("printer received %q, want %q", data, want)
	}
	// Nothing listens on a closed port: the error says what to check.
	addr := ln.Addr().String()
	ln.Close()
	r = runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--print", "tcp://"+addr)
	if r.code != 1 || !strings.Contains(r.stderr, "check the printer") {
		t.Errorf("closed port: code %d stderr %q", r.code, r.stderr)
	}
}

func TestLabelPrintDeviceAndLP(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "lp0")
	r := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--format", "tspl", "--print", dev)
	data, _ := os.ReadFile(dev)
	if r.code != 0 || !bytes.HasPrefix(data, []byte("SIZE ")) {
		t.Fatalf("print to file: code %d stderr %q, file %q", r.code, r.stderr, data)
	}
	missing := "/dev/hwident-test-no-such-printer"
	r = runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--print", missing)
	if _, err := os.Stat(missing); r.code != 1 || err == nil {
		t.Errorf("missing device: code %d stderr %q; the path must not be created", r.code, r.stderr)
	}
	// A stand-in lp records its arguments and the job.
	bin := t.TempDir()
	script := "#!/bin/sh\necho \"$@\" > " + filepath.Join(dir, "lp.args") + "\ncat > " + filepath.Join(dir, "lp.job") + "\n"
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r = runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--print", "lp:zebra")
	args, _ := os.ReadFile(filepath.Join(dir, "lp.args"))
	job, _ := os.ReadFile(filepath.Join(dir, "lp.job"))
	if r.code != 0 || string(args) != "-d zebra -o raw\n" || !bytes.HasPrefix(job, []byte("^XA")) {
		t.Errorf("lp: code %d stderr %q args %q job %q", r.code, r.stderr, args, job)
	}
}
