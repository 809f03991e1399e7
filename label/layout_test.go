package label_test

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hwident/hwident/label"
)

var (
	oneLine  = []string{"mac=aa:bb:cc:dd:ee:ff"}
	twoLines = []string{"mac=b8:27:eb:12:34:56", "serial=SN2024000123"}
)

// labelSizes are the sizes users print, square ones included.
var labelSizes = [][2]float64{{25, 25}, {50, 50}, {100, 100}, {50, 25}, {100, 50}, {100, 80}, {25, 50}, {30, 50}, {38.5, 19}, {60, 60}}

// Every label size holds the text at least MinTextHeightMM high, inside
// the label, 1 mm from its edges, clear of the code and its quiet zone, and
// the PNG still scans (gozxing and zbarimg).
func TestTextOnEveryLabel(t *testing.T) {
	for _, size := range labelSizes {
		for _, dpi := range []int{203, 300, 600} {
			for _, text := range [][]string{oneLine, twoLines} {
				t.Run(fmt.Sprintf("%gx%g/%d/%d", size[0], size[1], dpi, len(text)), func(t *testing.T) {
					s := label.Spec{WidthMM: size[0], HeightMM: size[1], DPI: dpi, Level: 'M', Text: text, Copies: 1}
					l, err := label.New("HW10CD0B827EB123456FD1SN2024000123DGU", s)
					if err != nil {
						t.Fatal(err)
					}
					if mm := float64(l.FontSize) / float64(l.DotsPerMM); mm < label.MinTextHeightMM {
						t.Errorf("text %.2f mm high, want at least %.1f", mm, label.MinTextHeightMM)
					}
					checkTextPlacement(t, l)
					if got := decodePNG(t, l.AppendPNG(nil)); got != l.QR.Content {
						t.Errorf("PNG scans as %q", got)
					}
				})
			}
		}
	}
}

// checkTextPlacement checks the text boxes (7/13 of the height per
// character) against the label edges and the code's box.
func checkTextPlacement(t *testing.T, l *label.Label) {
	t.Helper()
	q := 4 * l.Module
	cx0, cy0 := l.QRX-q, l.QRY-q
	cx1, cy1 := l.QRX+l.QR.Reserved*l.Module+q, l.QRY+l.QR.Reserved*l.Module+q
	if cx0 < 0 || cy0 < 0 || cx1 > l.Width || cy1 > l.Height {
		t.Errorf("code box %d,%d-%d,%d leaves the %dx%d label", cx0, cy0, cx1, cy1, l.Width, l.Height)
	}
	var all string
	for _, line := range l.Lines {
		x1 := line.X + utf8.RuneCountInString(line.Text)*l.FontSize*7/13
		y1 := line.Y + l.FontSize
		edge := l.DotsPerMM
		if line.X < edge || line.Y < edge || x1 > l.Width-edge || y1 > l.Height-edge {
			t.Errorf("line %q at %d,%d-%d,%d is nearer than 1 mm to an edge of the %dx%d label", line.Text, line.X, line.Y, x1, y1, l.Width, l.Height)
		}
		if line.X < cx1 && x1 > cx0 && line.Y < cy1 && y1 > cy0 {
			t.Errorf("line %q at %d,%d-%d,%d overlaps the code box %d,%d-%d,%d", line.Text, line.X, line.Y, x1, y1, cx0, cy0, cx1, cy1)
		}
		all += line.Text
	}
	if all != strings.Join(l.Text, "") {
		t.Errorf("lines %q lose text of %q", all, l.Text)
	}
}

// A larger label never gets smaller text: 100x80 not less than 100x50.
func TestTextGrowsWithLabel(t *testing.T) {
	pairs := [][2][2]float64{
		{{100, 50}, {100, 80}}, {{100, 80}, {100, 100}}, {{50, 25}, {50, 50}}, {{25, 25}, {50, 50}},
		{{50, 50}, {100, 100}}, {{50, 25}, {100, 50}}, {{25, 50}, {50, 50}}, {{50, 50}, {60, 60}},
	}
	for _, p := range pairs {
		for _, dpi := range []int{203, 300, 600} {
			for _, text := range [][]string{oneLine, twoLines} {
				var font [2]float64
				for i, size := range p {
					s := label.Spec{WidthMM: size[0], HeightMM: size[1], DPI: dpi, Level: 'M', Text: text, Copies: 1}
					l, err := label.New("HW10CD0B827EB123456FD1SN2024000123DGU", s)
					if err != nil {
						t.Fatalf("%v at %d dpi: %v", size, dpi, err)
					}
					font[i] = float64(l.FontSize) / float64(l.DotsPerMM)
				}
				if font[1] < font[0] {
					t.Errorf("%d dpi, %d lines: %v has %.2f mm text, the smaller %v %.2f mm", dpi, len(text), p[1], font[1], p[0], font[0])
				}
			}
		}
	}
	// And it does grow: a 100 mm square has larger text than a 50 mm one.
	small, _ := label.New("HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 50, HeightMM: 50, DPI: 203, Level: 'M', Text: oneLine, Copies: 1})
	big, _ := label.New("HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 100, HeightMM: 100, DPI: 203, Level: 'M', Text: oneLine, Copies: 1})
	if small == nil || big == nil || big.FontSize <= small.FontSize {
		t.Errorf("100x100 text is not larger than 50x50 text")
	}
}

var (
	zplFont  = regexp.MustCompile(`\^A0N,(\d+),(\d+)`)
	tsplFont = regexp.MustCompile(`,"0",0,(\d+),(\d+),`)
	svgFont  = regexp.MustCompile(`font-size="(\d+)"`)
)

// The text has one physical height in every format at every dpi: the PNG
// draws FontSize dots (its glyphs span 11 of the font's 13 rows, "H" top to
// "g" bottom), ZPL and SVG are given FontSize dots, TSPL the same in
// points.
func TestTextHeightSameInEveryFormat(t *testing.T) {
	for _, size := range [][2]float64{{50, 25}, {100, 50}, {50, 50}} {
		for _, dpi := range []int{203, 300, 600} {
			t.Run(fmt.Sprintf("%gx%g/%d", size[0], size[1], dpi), func(t *testing.T) {
				s := label.Spec{WidthMM: size[0], HeightMM: size[1], DPI: dpi, Level: 'M', Text: []string{"Hg Hg Hg"}, Copies: 1}
				l, err := label.New("HW10CD0AABBCCDDEEFF2GA", s)
				if err != nil {
					t.Fatal(err)
				}
				if l.FontSize%13 != 0 {
					t.Errorf("font size %d dots is not a whole scale of the 13-dot PNG font", l.FontSize)
				}
				r := l.Raster()
				top, bottom := l.Height, -1
				line := l.Lines[0]
				x1 := line.X + utf8.RuneCountInString(line.Text)*l.FontSize*7/13
				for y := line.Y - 1; y <= line.Y+l.FontSize; y++ {
					for x := line.X; x < x1; x++ {
						if r.Black(x, y) {
							top, bottom = min(top, y), max(bottom, y)
						}
					}
				}
				if got, want := bottom-top+1, l.FontSize*11/13; got != want || top != line.Y+l.FontSize*2/13 {
					t.Errorf("PNG text spans rows %d-%d (%d dots), want %d dots from %d", top, bottom, got, want, line.Y+l.FontSize*2/13)
				}
				mm := float64(l.FontSize) / float64(l.DotsPerMM)
				if m := zplFont.FindStringSubmatch(string(l.AppendZPL(nil))); m == nil || m[1] != strconv.Itoa(l.FontSize) {
					t.Errorf("ZPL font %q, want height %d", m, l.FontSize)
				}
				if m := svgFont.FindStringSubmatch(string(l.AppendSVG(nil))); m == nil || m[1] != strconv.Itoa(l.FontSize) {
					t.Errorf("SVG font %q, want %d", m, l.FontSize)
				}
				tspl, _ := l.AppendTSPL(nil)
				m := tsplFont.FindStringSubmatch(string(tspl))
				pt, _ := strconv.Atoi(m[1])
				if got := float64(pt) * 25.4 / 72; got < mm-0.2 || got > mm+0.2 {
					t.Errorf("TSPL text %d pt = %.2f mm, want %.2f mm", pt, got, mm)
				}
			})
		}
	}
}

// What a too-small label is told helps: a size that fits, and a lower
// level only where one exists and makes the code smaller.
func TestLayoutAdvice(t *testing.T) {
	long := strings.Repeat("HW10CD0AABBCCDDEEFF", 8)
	tests := []struct {
		name     string
		content  string
		spec     label.Spec
		want     error
		say, not []string
	}{
		{"no lower level at L", long, label.Spec{WidthMM: 20, HeightMM: 20, DPI: 203, Level: 'L', Copies: 1}, label.ErrNoFit, []string{"--size"}, []string{"--ec"}},
		{"lower level at H", long, label.Spec{WidthMM: 20, HeightMM: 20, DPI: 203, Level: 'H', Copies: 1}, label.ErrNoFit, []string{"--size", "--ec Q"}, nil},
		{"too long at L", strings.Repeat("a", 3000), spec(203, 'L'), label.ErrTooLong, []string{"shorten"}, []string{"lower error-correction"}},
		{"too long at M", strings.Repeat("a", 2500), spec(203, 'M'), label.ErrTooLong, []string{"lower error-correction"}, nil},
		{"too long even at L, asked at H", strings.Repeat("a", 3000), spec(203, 'H'), label.ErrTooLong, []string{"shorten"}, []string{"lower error-correction"}},
		{"code and text: a size for both", "HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 15, HeightMM: 10, DPI: 203, Level: 'M', Text: twoLines, Copies: 1}, label.ErrNoFit, []string{"--size 25x17", "--ec L"}, nil},
		{"text: a size that fits", "HW10CD0AABBCCDDEEFF2GA", label.Spec{WidthMM: 20, HeightMM: 20, DPI: 203, Level: 'M', Text: twoLines, Copies: 1}, label.ErrTextFit, []string{"--size 22x22"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := label.New(tc.content, tc.spec)
			if !errors.Is(err, tc.want) {
				t.Fatalf("New = %v, want %v", err, tc.want)
			}
			for _, s := range tc.say {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q does not say %q", err, s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(err.Error(), s) {
					t.Errorf("%q says %q", err, s)
				}
			}
		})
	}
	// The sizes advised do fit.
	for _, size := range [][2]float64{{22, 22}, {25, 17}} {
		s := label.Spec{WidthMM: size[0], HeightMM: size[1], DPI: 203, Level: 'M', Text: twoLines, Copies: 1}
		if _, err := label.New("HW10CD0AABBCCDDEEFF2GA", s); err != nil {
			t.Errorf("the advised size %v: %v", size, err)
		}
	}
}

// Whatever the size, resolution and text, New either refuses with a
// layout error or places all the text legibly, inside the label and clear
// of the code.
func FuzzLayout(f *testing.F) {
	f.Add(uint16(500), uint16(250), uint8(0), "mac=aa:bb:cc:dd:ee:ff", "serial=SN1")
	f.Add(uint16(250), uint16(250), uint8(1), "mac=aa:bb:cc:dd:ee:ff", "")
	f.Add(uint16(1000), uint16(800), uint8(2), "a=b", "x y z")
	f.Fuzz(func(t *testing.T, w, h uint16, dpi uint8, line1, line2 string) {
		s := label.Spec{WidthMM: float64(w%2000+1) / 10, HeightMM: float64(h%2000+1) / 10, DPI: []int{203, 300, 600}[dpi%3], Level: 'M', Text: []string{line1}, Copies: 1}
		if line2 != "" {
			s.Text = append(s.Text, line2)
		}
		l, err := label.New("HW10CD0AABBCCDDEEFF2GA", s)
		if errors.Is(err, label.ErrNoFit) || errors.Is(err, label.ErrTextFit) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if mm := float64(l.FontSize) / float64(l.DotsPerMM); mm < label.MinTextHeightMM {
			t.Errorf("text %.2f mm high", mm)
		}
		checkTextPlacement(t, l)
	})
}
