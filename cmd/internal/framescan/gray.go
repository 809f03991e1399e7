package framescan

import (
	"image"
	"image/color"
)

// Grayscale returns img as 8-bit luminance, box-filtered down so its long
// side is at most side pixels (never scaled up). A JPEG's luma plane is used
// as it is, without a colour conversion.
func Grayscale(img image.Image, side int) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	// The smallest whole factor that fits keeps every output pixel the mean
	// of a square of input pixels.
	f := 1
	for max(w, h) > side*f {
		f++
	}
	out := image.NewGray(image.Rect(0, 0, w/f, h/f))
	if out.Rect.Empty() {
		return out
	}
	lum := lumaAt(img)
	area := uint32(f * f)
	for y := 0; y < out.Rect.Dy(); y++ {
		row := out.Pix[y*out.Stride:]
		for x := 0; x < out.Rect.Dx(); x++ {
			var sum uint32
			for dy := 0; dy < f; dy++ {
				for dx := 0; dx < f; dx++ {
					sum += uint32(lum(b.Min.X+x*f+dx, b.Min.Y+y*f+dy))
				}
			}
			row[x] = uint8(sum / area)
		}
	}
	return out
}

// lumaAt returns a function reading one pixel's luminance, fast for the
// image types JPEG decoding and Grayscale produce.
func lumaAt(img image.Image) func(x, y int) uint8 {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(x, y int) uint8 { return m.Y[m.YOffset(x, y)] }
	case *image.Gray:
		return func(x, y int) uint8 { return m.Pix[m.PixOffset(x, y)] }
	}
	return func(x, y int) uint8 { return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y }
}
