package label

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/png"
	"io"
	"testing"
)

// checkPNGPixels decodes data with image/png, the independent reference,
// and compares every dot with the raster.
func checkPNGPixels(t *testing.T, data []byte, r *Raster) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%dx%d raster: PNG does not decode: %v", r.Width, r.Height, err)
	}
	g, ok := img.(*image.Gray)
	if !ok || g.Rect != image.Rect(0, 0, r.Width, r.Height) {
		t.Fatalf("PNG is %T %v, want %dx%d gray", img, img.Bounds(), r.Width, r.Height)
	}
	for y := 0; y < r.Height; y++ {
		for x := 0; x < r.Width; x++ {
			if black := g.Pix[y*g.Stride+x] == 0; black != r.Black(x, y) {
				t.Fatalf("%dx%d raster: dot (%d,%d) black %v in the PNG, %v in the raster", r.Width, r.Height, x, y, black, r.Black(x, y))
			}
		}
	}
}

// Every label's PNG has exactly the raster's dots: resolutions, sizes,
// payload lengths and error correction levels (so module sizes, text and
// margins) vary.
func TestPNGPixels(t *testing.T) {
	payloads := []string{"HW10CD0B827EB123456", "HW10CD0B827EB123456FD1SN2024000123DGU", "https://prov.example.com/bind?id=HW10CD0B827EB123456FD1SN2024000123DGU0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
	n := 0
	for _, dpi := range []int{203, 300, 600} {
		for _, size := range [][2]float64{{50, 25}, {25, 25}, {30, 60}, {100, 50}} {
			for _, level := range []Level{'L', 'M', 'Q', 'H'} {
				for _, p := range payloads {
					l, err := New(p, Spec{WidthMM: size[0], HeightMM: size[1], DPI: dpi, Level: level, Text: []string{"mac=b8:27:eb:12:34:56"}, Copies: 1})
					if err != nil {
						continue // too small for this payload: New's own tests cover that
					}
					checkPNGPixels(t, l.AppendPNG(nil), l.Raster())
					n++
				}
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d labels checked", n)
	}
}

// Random rasters, including widths that are no multiple of 8 and rows
// longer than deflate's window, round-trip through image/png; the zlib
// stream alone through compress/zlib.
func FuzzPNGRaster(f *testing.F) {
	f.Add(uint16(1), uint16(1), []byte{0xff})
	f.Add(uint16(9), uint16(3), []byte{0, 0xff, 0x0f, 0xf0})
	f.Add(uint16(400), uint16(200), bytes.Repeat([]byte{0xff, 0xff, 0, 0x80}, 100))
	f.Add(uint16(40000), uint16(2), []byte{0xaa, 0x55})
	f.Fuzz(func(t *testing.T, w, h uint16, seed []byte) {
		width, height := int(w)%3000+1, int(h)%300+1
		if w > 32000 {
			// Rows of 32,001 to 65,536 bytes, across deflate's window of 32,768:
			// width counts dots, eight to a byte.
			width = int(w)*8 + 1
			height %= 4
			height++
		}
		r := &Raster{Width: width, Height: height, Stride: (width + 7) / 8}
		r.Pix = make([]byte, r.Stride*r.Height)
		for i := range r.Pix {
			if len(seed) > 0 {
				r.Pix[i] = seed[i%len(seed)] ^ byte(i/len(seed)*int(seed[0]&3))
			}
		}
		rows := scanlines(r)
		z, err := zlib.NewReader(bytes.NewReader(appendZlib(nil, rows, r.Stride+1)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(z)
		if err != nil || !bytes.Equal(got, rows) {
			t.Fatalf("zlib stream decodes to %d bytes (%v), want the %d bytes given", len(got), err, len(rows))
		}
		checkPNGPixels(t, r.appendPNG(nil, 8), r)
	})
}
