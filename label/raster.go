package label

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

// Raster draws the label: the QR modules, then the text (font.go).
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
