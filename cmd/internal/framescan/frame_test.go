package framescan

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/oned"
	xdraw "golang.org/x/image/draw"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/label"
)

// labelPNG renders the label hwident prints for id, as the PNG a station
// would send to a printer.
func labelPNG(t testing.TB, id identity.Identity) (string, image.Image) {
	t.Helper()
	content, err := payload.Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	l, err := label.New(content, label.Spec{WidthMM: 50, HeightMM: 25, DPI: 203, Level: 'M', Copies: 1, Text: []string{"test module"}})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(l.AppendPNG(nil)))
	if err != nil {
		t.Fatal(err)
	}
	return content, img
}

// written draws a barcode with one of gozxing's encoders, width×height
// pixels with its quiet zone.
func written(t testing.TB, w gozxing.Writer, text string, format gozxing.BarcodeFormat, width, height int) image.Image {
	t.Helper()
	m, err := w.Encode(text, format, width, height, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// photo places code in a 1280×720 camera-like frame: a lit gradient
// background, the code at scale, sensor noise, JPEG at a phone's quality.
func photo(t testing.TB, code image.Image, scale float64, seed uint64) []byte {
	t.Helper()
	frame := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	for y := 0; y < 720; y++ {
		for x := 0; x < 1280; x++ {
			v := uint8(90 + x*60/1280 + y*30/720)
			frame.SetRGBA(x, y, color.RGBA{v, v, v - 10, 255})
		}
	}
	b := code.Bounds()
	w, h := int(float64(b.Dx())*scale), int(float64(b.Dy())*scale)
	at := image.Rect(640-w/2, 360-h/2, 640-w/2+w, 360-h/2+h)
	xdraw.BiLinear.Scale(frame, at, code, b, xdraw.Over, nil)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range frame.Pix {
		if i%4 != 3 {
			frame.Pix[i] = uint8(min(255, max(0, int(frame.Pix[i])+rng.IntN(25)-12)))
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, frame, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestDecodeFrames(t *testing.T) {
	content, lbl := labelPNG(t, identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}})
	payload2, lbl2 := labelPNG(t, identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}, {Key: "cid", Value: "150100424a5441524103ab12cd34a600"}})
	link := "https://id.example.com/01/09506000134352/21/PRD-000123"
	linkQR, err := label.New(link, label.Spec{WidthMM: 30, HeightMM: 30, DPI: 203, Level: 'M', Copies: 1})
	if err != nil {
		t.Fatal(err)
	}
	linkImg, _ := png.Decode(bytes.NewReader(linkQR.AppendPNG(nil)))
	tests := []struct {
		name, text, format string
		code               image.Image
		scale              float64
	}{
		{"label, one MAC", content, "QR_CODE", lbl, 1},
		{"label, small in the frame", content, "QR_CODE", lbl, 0.6},
		{"label, close up", content, "QR_CODE", lbl, 1.7},
		{"label, two attributes", payload2, "QR_CODE", lbl2, 1},
		{"GS1 Digital Link", link, "QR_CODE", linkImg, 1.2},
		{"Data Matrix", "PRD-000123", "DATA_MATRIX", written(t, datamatrix.NewDataMatrixWriter(), "PRD-000123", gozxing.BarcodeFormat_DATA_MATRIX, 200, 200), 1.5},
		{"Code 128", "PRD-000123", "CODE_128", written(t, oned.NewCode128Writer(), "PRD-000123", gozxing.BarcodeFormat_CODE_128, 500, 120), 1.2},
		// FNC1 first: GS1-128, reported with its symbology identifier and GS
		// between variable-length elements, as a keyboard scanner types it.
		{"GS1-128", "]C10109506000134352" + "21PRD-000123", "CODE_128", written(t, oned.NewCode128Writer(), "\u00f10109506000134352"+"21PRD-000123", gozxing.BarcodeFormat_CODE_128, 700, 140), 1.2},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(photo(t, tt.code, tt.scale, uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			want := Result{Found: true, Text: tt.text, Format: tt.format}
			if got != want {
				t.Fatalf("Decode = %+v, want %+v", got, want)
			}
		})
	}
}

func TestDecodeNoCode(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range blank.Pix {
		blank.Pix[i] = 200
	}
	got, err := Decode(photo(t, blank, 1, 9))
	if err != nil || got.Found {
		t.Fatalf("Decode of a frame without a code = %+v, %v; want not found, no error", got, err)
	}
}

// sofDims rewrites the dimensions in a JPEG's first frame header.
func sofDims(t *testing.T, frame []byte, w, h int) []byte {
	t.Helper()
	out := bytes.Clone(frame)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xff {
			t.Fatal("no SOF marker")
		}
		marker, n := out[i+1], int(out[i+2])<<8|int(out[i+3])
		if marker == 0xc0 || marker == 0xc1 || marker == 0xc2 {
			out[i+5], out[i+6] = byte(h>>8), byte(h)
			out[i+7], out[i+8] = byte(w>>8), byte(w)
			return out
		}
		i += 2 + n
	}
	t.Fatal("no SOF marker")
	return nil
}

func TestDecodeRejects(t *testing.T) {
	small := image.NewGray(image.Rect(0, 0, 64, 48))
	var buf bytes.Buffer
	jpeg.Encode(&buf, small, nil)
	good := buf.Bytes()
	tests := []struct {
		name  string
		frame []byte
		check func(error) bool
	}{
		{"empty", nil, isNotJPEG},
		{"PNG", func() []byte { var b bytes.Buffer; png.Encode(&b, small); return b.Bytes() }(), isNotJPEG},
		{"garbage", []byte("\xff\xd8\xff\xe0 not really a JPEG at all"), isNotJPEG},
		{"truncated", good[:len(good)/2], isNotJPEG},
		{"over 2 MiB", make([]byte, MaxBytes+1), isTooLarge},
		{"65535×65535 declared", sofDims(t, good, 65535, 65535), isDimension},
		{"wide", sofDims(t, good, MaxSide+1, 16), isDimension},
		{"too many pixels", sofDims(t, good, MaxSide, MaxSide), isDimension},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode(tt.frame)
			if err == nil || !tt.check(err) {
				t.Fatalf("Decode = %+v, %v: wrong error", res, err)
			}
		})
	}
}

func isNotJPEG(err error) bool  { return errors.Is(err, ErrNotJPEG) }
func isTooLarge(err error) bool { return errors.Is(err, ErrTooLarge) }
func isDimension(err error) bool {
	var d *DimensionError
	return errors.As(err, &d) && errors.Is(err, ErrTooLarge)
}

// TestHugeDeclaredFrameAllocatesLittle proves the dimensions are checked
// before any pixel buffer exists: a 65535×65535 frame would need 6 GB.
func TestHugeDeclaredFrameAllocatesLittle(t *testing.T) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 16)), nil)
	huge := sofDims(t, buf.Bytes(), 65535, 65535)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := Decode(huge); !isDimension(err) {
		t.Fatalf("Decode: %v, want a DimensionError", err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Fatalf("rejecting the frame allocated %d bytes", got)
	}
}

func TestGrayscaleDownscales(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 4000, 1000))
	for y := 0; y < 1000; y++ {
		for x := 0; x < 4000; x++ {
			src.Pix[y*src.Stride+x] = uint8(x*7 + y*3)
		}
	}
	g := Grayscale(src, decodeSide)
	const f = 4 // the smallest whole factor bringing 4000 to ≤ 1280
	if b := g.Bounds(); b.Dx() != 4000/f || b.Dy() != 1000/f {
		t.Fatalf("4000×1000 scaled to %v, want %d×%d", b, 4000/f, 1000/f)
	}
	// Every output pixel is the mean of its f×f block.
	for _, p := range []image.Point{{0, 0}, {10, 17}, {999, 249}} {
		sum := 0
		for dy := 0; dy < f; dy++ {
			for dx := 0; dx < f; dx++ {
				sum += int(src.GrayAt(p.X*f+dx, p.Y*f+dy).Y)
			}
		}
		if got, want := g.GrayAt(p.X, p.Y).Y, uint8(sum/(f*f)); got != want {
			t.Errorf("pixel %v = %d, want the block mean %d", p, got, want)
		}
	}
	if small := Grayscale(image.NewGray(image.Rect(0, 0, 300, 200)), decodeSide); small.Bounds().Dx() != 300 {
		t.Errorf("a small frame was scaled to %v", small.Bounds())
	}
}
