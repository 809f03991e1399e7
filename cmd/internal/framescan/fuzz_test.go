package framescan

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"testing"

	"github.com/hwident/hwident/identity"
)

// FuzzDecode: any bytes give a result or one of the documented errors,
// never a panic; a found code has text and a format.
func FuzzDecode(f *testing.F) {
	_, lbl := labelPNG(f, identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}})
	f.Add(photo(f, lbl, 0.5, 3))
	var small bytes.Buffer
	jpeg.Encode(&small, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	f.Add(small.Bytes())
	f.Add([]byte("\xff\xd8\xff"))
	f.Fuzz(func(t *testing.T, frame []byte) {
		res, err := Decode(frame)
		if err != nil {
			var dim *DimensionError
			if !errors.Is(err, ErrNotJPEG) && !errors.As(err, &dim) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("undocumented error %v", err)
			}
			if res != (Result{}) {
				t.Fatalf("result %+v with error %v", res, err)
			}
			return
		}
		if res.Found != (res.Text != "") || res.Found != (res.Format != "") {
			t.Fatalf("inconsistent result %+v", res)
		}
	})
}

func BenchmarkDecodeLabelFrame(b *testing.B) {
	_, lbl := labelPNG(b, identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}})
	frame := photo(b, lbl, 1, 1)
	for b.Loop() {
		if r, err := Decode(frame); err != nil || !r.Found {
			b.Fatal(r, err)
		}
	}
}

func BenchmarkDecodeEmptyFrame(b *testing.B) {
	blank := image.NewGray(image.Rect(0, 0, 64, 64))
	frame := photo(b, blank, 1, 1)
	for b.Loop() {
		if _, err := Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
}
