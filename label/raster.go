package label

import (
	"image"
	"unicode/utf8"

	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Raster is the label as printer dots, one bit each, rows packed most
// significant bit first. A set bit is white (paper), as in a 1-bit
// grayscale PNG.
type Raster struct {
	Width, Height, Stride int
	Pix                   []byte
}

// Black reports whether dot (x, y) is printed.
func (r *Raster) Black(x, y int) bool {
	return r.Pix[y*r.Stride+x>>3]&(0x80>>(x&7)) == 0
}

func (r *Raster) paint(x, y int) {
	r.Pix[y*r.Stride+x>>3] &^= 0x80 >> (x & 7)
}

// Raster draws the label: the QR modules, then the text in the built-in
// 7×13 bitmap font scaled by a whole number.
func (l *Label) Raster() *Raster {
	r := &Raster{Width: l.Width, Height: l.Height, Stride: (l.Width + 7) / 8}
	r.Pix = make([]byte, r.Stride*r.Height)
	for i := range r.Pix {
		r.Pix[i] = 0xff
	}
	m := l.Module
	for my := 0; my < l.QR.Size; my++ {
		y0 := l.QRY + my*m
		row := r.Pix[y0*r.Stride : (y0+1)*r.Stride]
		for mx := 0; mx < l.QR.Size; mx++ {
			if l.QR.Dark(mx, my) {
				for x := l.QRX + mx*m; x < l.QRX+(mx+1)*m; x++ {
					row[x>>3] &^= 0x80 >> (x & 7)
				}
			}
		}
		for dy := 1; dy < m; dy++ {
			copy(r.Pix[(y0+dy)*r.Stride:], row)
		}
	}
	for _, t := range l.Lines {
		l.drawText(r, t)
	}
	return r
}

// drawText draws one line; runes the font lacks show as its '?' box.
func (l *Label) drawText(r *Raster, t TextLine) {
	face := basicfont.Face7x13
	scale := max(1, l.FontSize/face.Height)
	x := t.X
	for _, ch := range t.Text {
		if ch == utf8.RuneError {
			ch = '\ufffd'
		}
		_, mask, mp, _, ok := face.Glyph(fixed.P(0, face.Ascent), ch)
		if !ok {
			_, mask, mp, _, _ = face.Glyph(fixed.P(0, face.Ascent), '\ufffd')
		}
		alpha := mask.(*image.Alpha)
		for gy := 0; gy < face.Ascent+face.Descent; gy++ {
			for gx := 0; gx < face.Width; gx++ {
				if alpha.AlphaAt(mp.X+gx, mp.Y+gy).A < 0x80 {
					continue
				}
				for dy := 0; dy < scale; dy++ {
					for dx := 0; dx < scale; dx++ {
						px, py := x+gx*scale+dx, t.Y+gy*scale+dy
						if px < r.Width && py < r.Height {
							r.paint(px, py)
						}
					}
				}
			}
		}
		x += face.Advance * scale
	}
}
