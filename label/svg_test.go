package label_test

import (
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hwident/hwident/label"
)

// rasterizeSVGPath fills the rectangles of hwident's one-path SVG
// ("Mx yhWvHh-Wz" per run of modules) into an image of the label.
func rasterizeSVGPath(t *testing.T, svg string, w, h int) *image.Gray {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	d := regexp.MustCompile(`<path fill="#000" d="([^"]*)"/>`).FindStringSubmatch(svg)
	if d == nil {
		t.Fatalf("no module path in\n%s", svg)
	}
	run := regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)z`)
	for rest := d[1]; rest != ""; {
		m := run.FindStringSubmatch(rest)
		if m == nil || m[3] != m[5] {
			t.Fatalf("unexpected path data at %q", rest[:min(len(rest), 30)])
		}
		n := make([]int, 4)
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1])
		}
		for y := n[1]; y < n[1]+n[3]; y++ {
			for x := n[0]; x < n[0]+n[2]; x++ {
				img.SetGray(x, y, color.Gray{})
			}
		}
		rest = rest[len(m[0]):]
	}
	return img
}

// The SVG draws exactly the modules of the PNG raster, and scans.
func TestSVGMatchesRaster(t *testing.T) {
	for _, dpi := range []int{203, 300, 600} {
		for _, level := range []label.Level{'L', 'M', 'Q', 'H'} {
			t.Run(fmt.Sprintf("%d/%c", dpi, level), func(t *testing.T) {
				const payload = "HW10CD0B827EB123456FD1SN2024000123DGU"
				l, err := label.New(payload, spec(dpi, level))
				if err != nil {
					t.Fatal(err)
				}
				svg := string(l.AppendSVG(nil))
				if !strings.Contains(svg, `width="50mm" height="25mm"`) {
					t.Errorf("SVG lacks the physical size:\n%.200s", svg)
				}
				img := rasterizeSVGPath(t, svg, l.Width, l.Height)
				r := l.Raster()
				for y := 0; y < l.Height; y++ {
					for x := 0; x < l.Width; x++ {
						if (img.GrayAt(x, y).Y == 0) != r.Black(x, y) {
							t.Fatalf("SVG and raster differ at %d,%d", x, y)
						}
					}
				}
				if got := decodeImage(t, img); got != payload {
					t.Fatalf("SVG scans as %q", got)
				}
			})
		}
	}
}
