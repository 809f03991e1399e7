package webui_test

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	xdraw "golang.org/x/image/draw"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/label"
)

// The fake camera's picture: the size the page asks for. (Chromium scales
// and crops a file of another size to the constraints.)
const camW, camH = 1280, 720

// labelImage renders content as the PNG label hwident prints (the PNG
// bytes are decoded again, so the camera shows exactly what a printer gets).
func labelImage(t *testing.T, content string, spec label.Spec, text ...string) image.Image {
	t.Helper()
	spec.Text, spec.DPI, spec.Level, spec.Copies = text, 203, 'M', 1
	l, err := label.New(content, spec)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(l.AppendPNG(nil)))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// moduleLabel is the label of a module with identity id.
func moduleLabel(t *testing.T, id identity.Identity) (string, image.Image) {
	t.Helper()
	content, err := payload.Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	return content, labelImage(t, content, label.Spec{WidthMM: 50, HeightMM: 25}, "module", id[0].Key+"="+id[0].Value)
}

// productLabel is a product's GS1 Digital Link QR with the serial in AI 21.
func productLabel(t *testing.T, serial string) (string, image.Image) {
	t.Helper()
	link := "https://id.example.com/01/09506000134352/21/" + serial
	return link, labelImage(t, link, label.Spec{WidthMM: 40, HeightMM: 40})
}

// writeCamera writes a Y4M video for Chromium's fake camera
// (--use-file-for-fake-video-capture): the label held up in front of a
// bench, a little tilted in brightness, as a few 4:2:0 frames that loop. It
// replaces the file in one rename, so a camera started later shows the new
// label.
func writeCamera(t *testing.T, path string, lbl image.Image, scale float64) {
	t.Helper()
	frame := image.NewGray(image.Rect(0, 0, camW, camH))
	for y := 0; y < camH; y++ {
		for x := 0; x < camW; x++ {
			frame.SetGray(x, y, color.Gray{Y: uint8(70 + x*40/camW + y*30/camH)})
		}
	}
	b := lbl.Bounds()
	w, h := int(float64(b.Dx())*scale), int(float64(b.Dy())*scale)
	at := image.Rect((camW-w)/2, (camH-h)/2, (camW-w)/2+w, (camH-h)/2+h)
	xdraw.BiLinear.Scale(frame, at, lbl, b, xdraw.Src, nil)

	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintf(bw, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", camW, camH)
	chroma := bytes.Repeat([]byte{128}, camW/2*camH/2*2)
	for range 5 {
		bw.WriteString("FRAME\n")
		bw.Write(frame.Pix)
		bw.Write(chroma)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// cameraFile is where a test's fake camera reads from.
func cameraFile(t *testing.T) string { return filepath.Join(t.TempDir(), "camera.y4m") }
