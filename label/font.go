package label

import (
	"image"
	"unicode/utf8"

	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// The PNG font is the 7×13 bitmap font of golang.org/x/image/font/basicfont
// (BSD licence, ASCII and Latin-1), each font pixel drawn as scale×scale
// dots, so a PNG's text is exactly as high as the text ZPL, TSPL and SVG
// are given. A vector font would be smoother but costs the device build
// (where labels are made too) more than its budget has left (its row in
// docs/size.md).
const (
	glyphHeight  = 13 // cell height: ascent 11 + descent 2
	glyphWidth   = 6
	glyphAdvance = 7 // glyphWidth and 1 pixel of spacing
	glyphAscent  = 11
)

// drawText draws one line at scale FontSize/glyphHeight; runes the font
// lacks show as its '?' box.
func (l *Label) drawText(r *Raster, t TextLine) {
	face := basicfont.Face7x13
	scale := l.FontSize / glyphHeight
	x := t.X
	for _, ch := range t.Text {
		_, mask, mp, _, ok := face.Glyph(fixed.P(0, glyphAscent), ch)
		if !ok {
			_, mask, mp, _, _ = face.Glyph(fixed.P(0, glyphAscent), utf8.RuneError)
		}
		alpha := mask.(*image.Alpha)
		for gy := 0; gy < glyphHeight; gy++ {
			for gx := 0; gx < glyphWidth; gx++ {
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
		x += glyphAdvance * scale
	}
}
