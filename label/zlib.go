package label

import (
	"encoding/binary"
	"hash/adler32"
)

// appendZlib appends data, PNG scanlines of rowLen bytes each, as a zlib
// stream (RFC 1950) of one deflate block with the fixed Huffman codes (RFC
// 1951). A label raster is made of two kinds of repeats, and they are the
// only matches looked for: a run of one byte (margins, a black module;
// distance 1) and the row above (a QR module is several dots tall). That
// compresses labels as well as compress/flate at BestSpeed, whose encoder
// costs the device build far more than this file (docs/size.md).
func appendZlib(b, data []byte, rowLen int) []byte {
	w := bitWriter{b: append(b, 0x78, 0x01)} // deflate, 32 KB window, no dictionary
	w.bits(3, 3)                             // the final block, fixed codes
	for i := 0; i < len(data); {
		n, dist := repeat(data, i, 1), 1
		if rowLen <= maxDistance {
			if m := repeat(data, i, rowLen); m > n {
				n, dist = m, rowLen
			}
		}
		if n < 3 {
			w.symbol(int(data[i]))
			i++
			continue
		}
		w.match(n, dist)
		i += n
	}
	w.symbol(256) // end of block
	if w.n > 0 {
		w.b = append(w.b, byte(w.acc))
	}
	return binary.BigEndian.AppendUint32(w.b, adler32.Checksum(data))
}

// Deflate's limits: the longest match and the farthest distance.
const (
	maxMatch    = 258
	maxDistance = 32768
)

// repeat returns how many bytes from data[i] repeat those dist before, up
// to maxMatch.
func repeat(data []byte, i, dist int) int {
	if i < dist {
		return 0
	}
	n := 0
	for n < maxMatch && i+n < len(data) && data[i+n] == data[i+n-dist] {
		n++
	}
	return n
}

// bitWriter packs deflate's bit stream: values least significant bit first.
type bitWriter struct {
	b   []byte
	acc uint32
	n   uint
}

func (w *bitWriter) bits(v uint32, n uint) {
	w.acc |= v << w.n
	for w.n += n; w.n >= 8; w.n -= 8 {
		w.b = append(w.b, byte(w.acc))
		w.acc >>= 8
	}
}

// code writes a Huffman code, which deflate packs most significant bit first.
func (w *bitWriter) code(c uint32, n uint) {
	r := uint32(0)
	for i := uint(0); i < n; i++ {
		r = r<<1 | c>>i&1
	}
	w.bits(r, n)
}

// symbol writes a literal byte, end of block (256) or length code (257-285)
// in the fixed literal/length code (RFC 1951 3.2.6).
func (w *bitWriter) symbol(s int) {
	switch {
	case s < 144:
		w.code(uint32(0x30+s), 8)
	case s < 256:
		w.code(uint32(0x190+s-144), 9)
	case s < 280:
		w.code(uint32(s-256), 7)
	default:
		w.code(uint32(0xc0+s-280), 8)
	}
}

// match writes a copy of n bytes (3 to 258) from dist back (1 to 32768).
// The codes' base values follow from their extra bits (RFC 1951 3.2.5):
// lengths 3-10 have none, then each four codes one more; distances 1-4
// none, then each two codes one more.
func (w *bitWriter) match(n, dist int) {
	if n == maxMatch {
		w.symbol(285) // 258 has a code of its own
	} else {
		code, base, extra := 0, 3, uint(0)
		for ; ; code++ {
			extra = 0
			if code >= 8 {
				extra = uint(code-4) / 4
			}
			if n < base+1<<extra {
				break
			}
			base += 1 << extra
		}
		w.symbol(257 + code)
		w.bits(uint32(n-base), extra)
	}
	code, base, extra := 0, 1, uint(0)
	for ; ; code++ {
		extra = 0
		if code >= 4 {
			extra = uint(code)/2 - 1
		}
		if dist < base+1<<extra {
			break
		}
		base += 1 << extra
	}
	w.code(uint32(code), 5)
	w.bits(uint32(dist-base), extra)
}
