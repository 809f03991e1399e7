// Package framescan decodes the barcode in one camera frame: the
// server-side half of the installer page's scanner, for browsers without
// BarcodeDetector (iOS Safari, Firefox, Chromium on Linux). It tries QR,
// Data Matrix and Code 128 with the pure-Go decoder the label tests use
// (gozxing), on a grayscale copy scaled to a size those decoders handle well.
//
// A frame is untrusted: its size in bytes and its declared dimensions are
// checked before any pixel is decoded, so a small file cannot make the
// server allocate gigabytes.
package framescan

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Limits of one frame. The page sends frames of at most 1280 pixels on the
// long side (a few tens of kilobytes); the limits leave room for a client
// that sends its camera's full resolution.
const (
	MaxBytes  = 2 << 20 // bytes of JPEG
	MaxSide   = 4096    // pixels on either side
	MaxPixels = 4096 * 3072
	// decodeSide is the long side frames are scaled down to before decoding:
	// larger images cost time and help neither decoder.
	decodeSide = 1280
)

// Result is what a frame held: Found false when no code was read.
type Result struct {
	Found  bool   `json:"found"`
	Text   string `json:"text,omitempty"`
	Format string `json:"format,omitempty"` // gozxing's name: QR_CODE, DATA_MATRIX, CODE_128
}

// Errors of Decode.
var (
	ErrNotJPEG  = errors.New("frame is not a JPEG image")
	ErrTooLarge = errors.New("frame too large")
)

// DimensionError is a frame whose declared size is outside the limits.
type DimensionError struct {
	Width, Height int
}

func (e *DimensionError) Error() string {
	return fmt.Sprintf("frame is %d×%d pixels: send at most %d pixels per side and %d in all (the page sends %d on the long side)",
		e.Width, e.Height, MaxSide, MaxPixels, decodeSide)
}

func (e *DimensionError) Unwrap() error { return ErrTooLarge }

// Decode reads one JPEG frame and returns the first code found. Not finding
// a code is no error: cameras deliver many frames without one.
func Decode(frame []byte) (Result, error) {
	if len(frame) > MaxBytes {
		return Result{}, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(frame), MaxBytes)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(frame))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrNotJPEG, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return Result{}, &DimensionError{Width: cfg.Width, Height: cfg.Height}
	}
	img, err := jpeg.Decode(bytes.NewReader(frame))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrNotJPEG, err)
	}
	return DecodeImage(img), nil
}

// DecodeImage looks for a code in img, trying each format with the local
// (hybrid) binarizer, then the global one that copes better with blur and
// low contrast, then at half size, which helps with sensor noise.
func DecodeImage(img image.Image) Result {
	gray := Grayscale(img, decodeSide)
	for _, attempt := range []func(gozxing.LuminanceSource) gozxing.Binarizer{
		gozxing.NewHybridBinarizer,
		gozxing.NewGlobalHistgramBinarizer,
	} {
		if r, ok := decodeGray(gray, attempt); ok {
			return r
		}
	}
	if b := gray.Bounds(); max(b.Dx(), b.Dy()) >= 400 {
		if r, ok := decodeGray(Grayscale(gray, max(b.Dx(), b.Dy())/2), gozxing.NewHybridBinarizer); ok {
			return r
		}
	}
	return Result{}
}

// readers are tried in this order: QR first, the label's own code.
func readers() []gozxing.Reader {
	return []gozxing.Reader{qrcode.NewQRCodeReader(), datamatrix.NewDataMatrixReader(), oned.NewCode128Reader()}
}

func decodeGray(gray *image.Gray, binarizer func(gozxing.LuminanceSource) gozxing.Binarizer) (Result, bool) {
	bmp, err := gozxing.NewBinaryBitmap(binarizer(gozxing.NewLuminanceSourceFromImage(gray)))
	if err != nil {
		return Result{}, false
	}
	// ASSUME_GS1 makes the Code 128 reader report GS1-128 with its ]C1
	// symbology identifier and FNC1 as GS, as scanners do, so the service
	// classifies it like a scanned element string.
	hints := map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER: true,
		gozxing.DecodeHintType_ASSUME_GS1: true,
	}
	for _, r := range readers() {
		res, err := r.Decode(bmp, hints)
		if err == nil && res.GetText() != "" {
			return Result{Found: true, Text: res.GetText(), Format: res.GetBarcodeFormat().String()}, true
		}
	}
	return Result{}, false
}
