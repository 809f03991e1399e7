package label_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/label"
)

// zplRenderer returns the node command that runs testdata/zplrender, or
// skips the test. Install it with: npm ci --prefix label/testdata/zplrender
func zplRenderer(t *testing.T) []string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "zplrender"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "zpl-renderer-js")); err != nil {
		t.Skip("zpl-renderer-js not installed: npm ci --prefix label/testdata/zplrender")
	}
	return []string{node, filepath.Join(dir, "render.mjs")}
}

// The ZPL, drawn by an independent renderer, scans back to the payload, and
// its code sits where the layout put it: the rendered QR area matches
// hwident's own raster dot for dot.
func TestZPLRendersAndScans(t *testing.T) {
	cmd := zplRenderer(t)
	dir := t.TempDir()
	type job struct {
		name    string
		payload string
		l       *label.Label
		out     string
	}
	var jobs []job
	for _, tc := range testIdentities[:2] {
		content, err := payload.Encode(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, dpi := range []int{203, 300, 600} {
			for _, level := range []label.Level{'L', 'M', 'Q', 'H'} {
				l, err := label.New(content, spec(dpi, level, "mac=aa:bb:cc:dd:ee:ff", "^XZ~JA_é"))
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("%s-%d-%c", tc.id[len(tc.id)-1].Key, dpi, level)
				in := filepath.Join(dir, name+".zpl")
				if err := os.WriteFile(in, l.AppendZPL(nil), 0o644); err != nil {
					t.Fatal(err)
				}
				j := job{name, content, l, filepath.Join(dir, name+".png")}
				jobs = append(jobs, j)
				cmd = append(cmd, in, j.out, fmtMM(l.WidthMM), fmtMM(l.HeightMM), strconv.Itoa(l.DotsPerMM))
			}
		}
	}
	if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("zpl-renderer-js: %v\n%s", err, out)
	}
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			data, err := os.ReadFile(j.out)
			if err != nil {
				t.Fatal(err)
			}
			if got := decodePNG(t, data); got != j.payload {
				t.Fatalf("rendered ZPL scans as %q, want %q", got, j.payload)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			compareQRArea(t, img, j.l)
		})
	}
}

func fmtMM(mm float64) string { return strconv.FormatFloat(mm, 'f', -1, 64) }

// compareQRArea checks where the renderer drew the code: its top left
// module at QRX, QRY, modules of l.Module dots (the finder pattern is 7
// modules wide), nothing else in the reserved area and its quiet zone.
func compareQRArea(t *testing.T, img image.Image, l *label.Label) {
	t.Helper()
	if b := img.Bounds(); b.Dx() != l.Width || b.Dy() != l.Height {
		t.Fatalf("rendered %v, want %dx%d", b, l.Width, l.Height)
	}
	black := func(x, y int) bool { g, _, _, _ := img.At(x, y).RGBA(); return g < 0x8000 }
	q := 4 * l.Module
	end := l.QR.Reserved * l.Module
	minX, minY, maxX, maxY := l.Width, l.Height, -1, -1
	for y := l.QRY - q; y < l.QRY+end+q; y++ {
		for x := l.QRX - q; x < l.QRX+end+q; x++ {
			if black(x, y) {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			}
		}
	}
	if minX != l.QRX || minY != l.QRY || maxX >= l.QRX+end || maxY >= l.QRY+end {
		t.Errorf("code drawn at %d,%d-%d,%d, want inside %d,%d-%d,%d", minX, minY, maxX, maxY, l.QRX, l.QRY, l.QRX+end-1, l.QRY+end-1)
	}
	finder := 0
	for x := l.QRX; black(x, l.QRY); x++ {
		finder++
	}
	if finder != 7*l.Module {
		t.Errorf("finder pattern %d dots wide, want 7 modules of %d", finder, l.Module)
	}
}
