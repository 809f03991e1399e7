package label

import (
	"encoding/binary"
	"hash/crc32"
)

// AppendPNG appends the label as a 1-bit grayscale PNG of exactly Width ×
// Height dots, with its resolution in a pHYs chunk so it prints at size.
func (l *Label) AppendPNG(b []byte) []byte { return l.Raster().appendPNG(b, l.DotsPerMM) }

func (r *Raster) appendPNG(b []byte, dotsPerMM int) []byte {
	b = append(b, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(r.Width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(r.Height))
	ihdr[8] = 1 // bit depth; colour type 0 (grayscale), no interlace
	b = appendChunk(b, "IHDR", ihdr[:])
	var phys [9]byte
	perMetre := uint32(dotsPerMM * 1000)
	binary.BigEndian.PutUint32(phys[0:], perMetre)
	binary.BigEndian.PutUint32(phys[4:], perMetre)
	phys[8] = 1 // unit: metre
	b = appendChunk(b, "pHYs", phys[:])
	b = appendChunk(b, "IDAT", appendZlib(nil, scanlines(r), r.Stride+1))
	return appendChunk(b, "IEND", nil)
}

// scanlines are the raster's rows, each after its filter type byte: 0, none.
func scanlines(r *Raster) []byte {
	rows := make([]byte, 0, r.Height*(r.Stride+1))
	for y := 0; y < r.Height; y++ {
		rows = append(rows, 0)
		rows = append(rows, r.Pix[y*r.Stride:(y+1)*r.Stride]...)
	}
	return rows
}

func appendChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}
