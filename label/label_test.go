package label_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/label"
)

var testIdentities = []struct {
	id                identity.Identity
	widthMM, heightMM float64
	urlTemplate       string // the payload inside a URL, if set
}{
	{identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}}, 50, 25, ""},
	{identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}, {Key: "serial", Value: "SN2024000123"}}, 50, 25, ""},
	{identity.Identity{{Key: "product_uuid", Value: "4c4c4544-0042-3510-8052-b4c04f564433"}, {Key: "board.rev", Value: "Rev C ^XZ <é>"}}, 80, 40, ""},
	{identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}}, 50, 25, "HTTPS://PROV.EXAMPLE.COM/D/{payload}"},
	{identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}}, 50, 25, "https://prov.example.com/bind?id={payload}"},
}

func spec(dpi int, level label.Level, text ...string) label.Spec {
	return label.Spec{WidthMM: 50, HeightMM: 25, DPI: dpi, Level: level, Text: text, Copies: 1}
}

// Every PNG, at every resolution and level, scans back to the payload, and
// the payload decodes to the identity it was made from.
func TestPNGRoundTrip(t *testing.T) {
	for _, tc := range testIdentities {
		id := tc.id
		content, err := payload.Encode(id)
		if tc.urlTemplate != "" {
			content, err = payload.URL(tc.urlTemplate, id)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, dpi := range []int{203, 300, 600} {
			for _, level := range []label.Level{'L', 'M', 'Q', 'H'} {
				t.Run(fmt.Sprintf("%s%s/%d/%c", id[0].Key, tc.urlTemplate, dpi, level), func(t *testing.T) {
					s := spec(dpi, level, strings.Split(strings.TrimSpace(string(id.Mender())), "\n")...)
					s.WidthMM, s.HeightMM = tc.widthMM, tc.heightMM
					l, err := label.New(content, s)
					if err != nil {
						t.Fatal(err)
					}
					data := l.AppendPNG(nil)
					checkPNGHeader(t, data, l)
					got := decodePNG(t, data)
					if got != content {
						t.Fatalf("scanned %q, want %q", got, content)
					}
					back, err := payload.Decode(got)
					if err != nil || string(back.Mender()) != string(id.Mender()) {
						t.Fatalf("payload.Decode(%q) = %q, %v; want %q", got, back, err, id)
					}
				})
			}
		}
	}
}

// checkPNGHeader checks the exact size, 1-bit grayscale and pHYs.
func checkPNGHeader(t *testing.T, data []byte, l *label.Label) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != l.Width || cfg.Height != l.Height || cfg.ColorModel != color.GrayModel {
		t.Errorf("PNG is %dx%d %v, want %dx%d gray", cfg.Width, cfg.Height, cfg.ColorModel, l.Width, l.Height)
	}
	if depth := data[8+8+8]; depth != 1 {
		t.Errorf("bit depth %d, want 1", depth)
	}
	i := bytes.Index(data, []byte("pHYs"))
	if i < 0 {
		t.Fatal("no pHYs chunk")
	}
	ppm := binary.BigEndian.Uint32(data[i+4:])
	if ppm != uint32(l.DotsPerMM*1000) || data[i+12] != 1 {
		t.Errorf("pHYs %d per unit %d, want %d per metre", ppm, data[i+12], l.DotsPerMM*1000)
	}
	wantW := int(l.WidthMM * float64(l.DotsPerMM))
	if l.Width != wantW {
		t.Errorf("width %d dots, want %d", l.Width, wantW)
	}
}

// The quiet zone (4 modules around the reserved area) is white and inside the label.
func TestQuietZoneAndModuleSize(t *testing.T) {
	for _, dpi := range []int{203, 300, 600} {
		for _, size := range [][2]float64{{50, 25}, {25, 50}, {20, 20}, {100, 60}} {
			s := spec(dpi, 'M')
			if size[0] != size[1] {
				s.Text = []string{"mac=aa:bb:cc:dd:ee:ff"}
			}
			s.WidthMM, s.HeightMM = size[0], size[1]
			l, err := label.New("HW10CD0AABBCCDDEEFF2GA", s)
			if err != nil {
				t.Fatalf("%d dpi %v: %v", dpi, size, err)
			}
			if l.Module < 4 || l.Module > 10 {
				t.Errorf("%d dpi %v: %d dots per module", dpi, size, l.Module)
			}
			q := 4 * l.Module
			x0, y0 := l.QRX-q, l.QRY-q
			x1, y1 := l.QRX+l.QR.Reserved*l.Module+q, l.QRY+l.QR.Reserved*l.Module+q
			if x0 < 0 || y0 < 0 || x1 > l.Width || y1 > l.Height {
				t.Fatalf("%d dpi %v: code with quiet zone %d,%d-%d,%d leaves the %dx%d label", dpi, size, x0, y0, x1, y1, l.Width, l.Height)
			}
			r := l.Raster()
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					inCode := x >= l.QRX && y >= l.QRY && x < l.QRX+l.QR.Size*l.Module && y < l.QRY+l.QR.Size*l.Module
					if !inCode && r.Black(x, y) {
						t.Fatalf("%d dpi %v: dot %d,%d in the quiet zone is black", dpi, size, x, y)
					}
				}
			}
		}
	}
}

func TestLayoutErrors(t *testing.T) {
	long := strings.Repeat("HW10CD0AABBCCDDEEFF", 8)
	tests := []struct {
		name    string
		content string
		spec    label.Spec
		want    error
		msg     string
	}{
		{"too small", "HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 15, HeightMM: 10, DPI: 203, Level: 'M', Copies: 1}, label.ErrNoFit, "16.5 mm"},
		{"long content", long, spec(203, 'H'), label.ErrNoFit, "--size"},
		{"text too long", "HW10", spec(203, 'M', strings.Repeat("x", 1000)), label.ErrTextFit, "--text"},
		{"dpi", "HW10", spec(150, 'M'), label.ErrSpec, "203"},
		{"level", "HW10", spec(203, 'X'), label.ErrLevel, ""},
		{"copies", "HW10", label.Spec{WidthMM: 50, HeightMM: 25, DPI: 203, Level: 'M'}, label.ErrSpec, "copies"},
		{"size", "HW10", label.Spec{WidthMM: -1, HeightMM: 25, DPI: 203, Level: 'M', Copies: 1}, label.ErrSpec, "size"},
		{"too long for qr", strings.Repeat("a", 5000), spec(203, 'L'), label.ErrTooLong, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := label.New(tc.content, tc.spec)
			if !errors.Is(err, tc.want) || !strings.Contains(fmt.Sprint(err), tc.msg) {
				t.Fatalf("New = %v, want %v mentioning %q", err, tc.want, tc.msg)
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	for _, s := range []string{"L", "m", "Q", "h"} {
		if l, err := label.ParseLevel(s); err != nil || string(l) != strings.ToUpper(s) {
			t.Errorf("ParseLevel(%q) = %c, %v", s, l, err)
		}
	}
	for _, s := range []string{"", "X", "MM", "l "} {
		if _, err := label.ParseLevel(s); !errors.Is(err, label.ErrLevel) {
			t.Errorf("ParseLevel(%q) error = %v, want ErrLevel", s, err)
		}
	}
}

// The text output draws the same modules as the raster.
func TestTextMatchesModules(t *testing.T) {
	l, err := label.New("HW10CD0AABBCCDDEEFF2GA", spec(203, 'M', "mac=aa:bb:cc:dd:ee:ff", "\x1b[31mred"))
	if err != nil {
		t.Fatal(err)
	}
	out := string(l.AppendText(nil))
	lines := strings.Split(out, "\n")
	n := l.QR.Size + 8
	img := image.NewGray(image.Rect(0, 0, n, n+1))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for cy := 0; cy < (n+1)/2; cy++ {
		for cx, r := range []rune(lines[cy]) {
			top := r == '█' || r == '▀'
			bottom := r == '█' || r == '▄'
			if !top {
				img.SetGray(cx, 2*cy, color.Gray{})
			}
			if !bottom && 2*cy+1 < n {
				img.SetGray(cx, 2*cy+1, color.Gray{})
			}
		}
	}
	// Scale up so the decoder sees more than one pixel per module.
	big := image.NewGray(image.Rect(0, 0, n*4, n*4))
	for y := 0; y < n*4; y++ {
		for x := 0; x < n*4; x++ {
			big.SetGray(x, y, img.GrayAt(x/4, y/4))
		}
	}
	if got := decodeImage(t, big); got != l.QR.Content {
		t.Errorf("text QR scans as %q", got)
	}
	if strings.Contains(out, "\x1b") || !strings.Contains(out, "mac=aa:bb:cc:dd:ee:ff\n") {
		t.Errorf("text lines wrong or unescaped:\n%s", out)
	}
}
