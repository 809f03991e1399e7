//go:build !identityonly

package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/hwident/hwident/scripts/testkit/boards"
)

const macLines = "mac=aa:bb:cc:dd:ee:ff\n"

func TestLabelFormats(t *testing.T) {
	tests := []struct {
		args []string
		want []string // substrings of stdout
	}{
		{[]string{"--format", "payload"}, []string{"HW10CD0AABBCCDDEEFF2GA\n"}},
		{[]string{"--format", "payload", "--url-template", "HTTPS://HWIDENT.EXAMPLE/D/{payload}"}, []string{"HTTPS://HWIDENT.EXAMPLE/D/HW10CD0AABBCCDDEEFF2GA\n"}},
		{nil, []string{"^XA", "^BQN,2,", "^FDMA,HW10CD0AABBCCDDEEFF2GA^FS", "^A0N,26,26^FH^FDmac=aa:bb:cc:dd:ee:ff^FS", "^PQ1", "^XZ"}},
		// Square labels hold the text too (they were refused: "use a larger --size").
		{[]string{"--size", "25x25"}, []string{"^BQN,2,", "^FDmac=aa:bb:cc:dd:ee:ff^FS"}},
		{[]string{"--size", "50x50"}, []string{"^BQN,2,", "^FDmac=aa:bb:cc:dd:ee:ff^FS"}},
		{[]string{"--size", "100x100", "--format", "svg"}, []string{">mac=aa:bb:cc:dd:ee:ff</text>"}},
		{[]string{"--format", "txt"}, []string{"█", "\n" + macLines}},
		{[]string{"--format", "tspl", "--copies", "3", "--text", "A", "--text", "B"}, []string{"QRCODE", ",M2,", `"A"`, `"B"`, "PRINT 1,3"}},
		// A square label the code fills: the code alone.
		{[]string{"--format", "tspl", "--size", "25x25", "--text", ""}, []string{"QRCODE", "PRINT 1,1\r\n"}},
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
		{macLines, []string{"--size", "20x20", "--text", strings.Repeat("x", 40), "--text", strings.Repeat("y", 40)}, 1, "--text ''"},
		{macLines, []string{"--size", "20x20", "--text", "serial=SN2024000123", "--text", "mac=b8:27:eb:12:34:56"}, 1, "--size 22x22"},
		{macLines, []string{"--format", "pdf"}, 2, "--format"},
		{macLines, []string{"--ec", "X"}, 2, "--ec"},
		{macLines, []string{"--size", "50"}, 2, "WIDTHxHEIGHT"},
		{macLines, []string{"--dpi", "150"}, 2, "203"},
		{macLines, []string{"--size", "0x25"}, 2, "size"},
		{macLines, []string{"--format", "zpl", "--copies", "0"}, 2, "copies"},
		{macLines, []string{"--format", "payload", "--print", "/dev/null"}, 2, "zpl or tspl"},
		{macLines, []string{"--format", "payload", "--copies", "2"}, 2, "--copies"},
		{macLines, []string{"--print", "lpt1"}, 2, "/dev/usb/lp0"},
		{macLines, []string{"--url-template", "HTTPS://X/"}, 2, "{payload}"},
		{"not an identity\n", nil, 1, "identity from stdin: line 1"},
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

// The label of this device (from --root) carries, through label decode,
// exactly what `hwident identity` prints.
func TestLabelOfDeviceRoundTrip(t *testing.T) {
	root := boards.Write(t, map[string]string{
		"etc/hwident.conf": "serial=file:/etc/serial\nsku=file:/etc/sku\n",
		"etc/serial":       "SN<1&2>\n",
		"etc/sku":          "A%B é\n",
	})
	want := runHwident(t, "", nil, "hwident", "identity", "--root", root)
	r := runHwident(t, "", nil, "hwident", "label", "--root", root, "--format", "payload")
	payload := strings.TrimSuffix(r.stdout, "\n")
	checkDecodesTo(t, payload, want.stdout)
}

// checkDecodesTo runs label decode on the payload as scanners deliver it
// (as is, lower case with CRLF, on stdin) and wants the identity lines.
func checkDecodesTo(t *testing.T, payload, want string) {
	t.Helper()
	for _, text := range []string{payload, strings.ToLower(payload) + "\r\n"} {
		d := runHwident(t, "", nil, "hwident", "label", "decode", text)
		if d.code != 0 || d.stdout != want {
			t.Fatalf("decode %q: code %d stdout %q stderr %q; want %q", text, d.code, d.stdout, d.stderr, want)
		}
	}
	if d := runHwident(t, payload+"\n", nil, "hwident", "label", "decode", "-"); d.stdout != want {
		t.Errorf("decode - gave %q, want %q", d.stdout, want)
	}
}

func TestLabelPrintDevice(t *testing.T) {
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
}

func TestLabelSVG(t *testing.T) {
	svg := runHwident(t, macLines, nil, "hwident", "label", "--identity", "-", "--format", "svg", "--size", "60x30.5")
	if svg.code != 0 || !strings.Contains(svg.stdout, `width="60mm" height="30.5mm"`) || !strings.Contains(svg.stdout, "mac=aa:bb:cc:dd:ee:ff</text>") {
		t.Errorf("svg: code %d stderr %q\n%s", svg.code, svg.stderr, svg.stdout)
	}
}

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

// The PNG label of this device scans back, through label decode, to
// exactly what `hwident identity` prints.
func TestLabelPNGRoundTrip(t *testing.T) {
	root := boards.Write(t, map[string]string{
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
	checkDecodesTo(t, scanned, want.stdout)
}
