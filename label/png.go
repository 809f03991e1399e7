package label

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"sync"
)

// AppendPNG appends the label as a 1-bit grayscale PNG of exactly Width ×
// Height dots, with its resolution in a pHYs chunk so it prints at size.
func (l *Label) AppendPNG(b []byte) []byte {
	r := l.Raster()
	b = append(b, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(r.Width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(r.Height))
	ihdr[8] = 1 // bit depth; colour type 0 (grayscale), no interlace
	b = appendChunk(b, "IHDR", ihdr[:])
	var phys [9]byte
	perMetre := uint32(l.DotsPerMM * 1000)
	binary.BigEndian.PutUint32(phys[0:], perMetre)
	binary.BigEndian.PutUint32(phys[4:], perMetre)
	phys[8] = 1 // unit: metre
	b = appendChunk(b, "pHYs", phys[:])
	var idat bytes.Buffer
	z := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(z)
	z.Reset(&idat)
	filter := []byte{0}
	for y := 0; y < r.Height; y++ {
		z.Write(filter)
		z.Write(r.Pix[y*r.Stride : (y+1)*r.Stride])
	}
	z.Close() // writes to memory: cannot fail
	b = appendChunk(b, "IDAT", idat.Bytes())
	return appendChunk(b, "IEND", nil)
}

// zlibWriters reuses compressors: each holds about a megabyte of state,
// which would otherwise dominate the cost of a label in a batch.
var zlibWriters = sync.Pool{New: func() any {
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // the level is valid
	return z
}}

func appendChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}
