package label_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decodeImage reads a QR code with the pure-Go gozxing decoder.
func decodeImage(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("gozxing: %v", err)
	}
	return res.GetText()
}

// decodePNG decodes a PNG file's bytes with gozxing and, when installed,
// with zbarimg (Debian zbar-tools); both must agree.
func decodePNG(t *testing.T, data []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	text := decodeImage(t, img)
	if zbar, err := exec.LookPath("zbarimg"); err == nil {
		path := filepath.Join(t.TempDir(), "label.png")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(zbar, "--raw", "-q", path).Output()
		if err != nil {
			t.Fatalf("zbarimg: %v", err)
		}
		if got := strings.TrimSuffix(string(out), "\n"); got != text {
			t.Fatalf("zbarimg read %q, gozxing %q", got, text)
		}
	}
	return text
}
