package label

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"io"
	"testing"
)

// Every length (3 to 258) and the distances at each edge of every distance
// code (RFC 1951 3.2.5) decode with compress/flate to the bytes copied: the
// code tables in match are checked against the reference decoder, not
// against themselves. The labels only ever use distance 1 and a row's length.
func TestDeflateMatchCodes(t *testing.T) {
	// The distance codes' first values; each code's last is the next's first - 1.
	bases := []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
		1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577, 32769}
	var dists []int
	for i := 0; i+1 < len(bases); i++ {
		dists = append(dists, bases[i], bases[i+1]-1)
	}
	for _, dist := range dists {
		// dist literals, then a match of every length in turn, each copying
		// from dist back in what has been decoded so far.
		w := bitWriter{}
		w.bits(3, 3)
		var want []byte
		for i := 0; i < dist; i++ {
			want = append(want, byte(i*7+i>>8))
			w.symbol(int(want[i]))
		}
		for n := 3; n <= maxMatch; n++ {
			w.match(n, dist)
			for i := 0; i < n; i++ {
				want = append(want, want[len(want)-dist])
			}
		}
		w.symbol(256)
		if w.n > 0 {
			w.b = append(w.b, byte(w.acc))
		}
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(w.b)))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("matches of 3 to 258 bytes from %d back decode to %d bytes (%v), want %d", dist, len(got), err, len(want))
		}
	}
}

// 258 has a code of its own, 285: 284's extra bits also reach 258, which
// compress/flate decodes but RFC 1951's table gives as 227-257 only.
func TestDeflateLongestMatch(t *testing.T) {
	var got, want bitWriter
	got.match(maxMatch, 1)
	want.symbol(285)
	want.code(0, 5)
	if !bytes.Equal(got.b, want.b) || got.acc != want.acc || got.n != want.n {
		t.Errorf("match of 258 bytes writes %x %b (%d bits), want length code 285: %x %b (%d bits)", got.b, got.acc, got.n, want.b, want.acc, want.n)
	}
}

// Rows around deflate's window (32768 bytes): the row above is matched up
// to exactly the window and never beyond it. Deterministic, besides FuzzPNGRaster's
// wide rows.
func TestZlibRowsAtWindow(t *testing.T) {
	for _, rowLen := range []int{maxDistance - 1, maxDistance, maxDistance + 1, 40000} {
		rows := make([]byte, 3*rowLen)
		for i := range rows {
			rows[i] = byte(i % rowLen * 31 >> 3)
		}
		got, err := io.ReadAll(mustZlib(t, appendZlib(nil, rows, rowLen)))
		if err != nil || !bytes.Equal(got, rows) {
			t.Fatalf("rows of %d bytes decode to %d bytes (%v), want %d", rowLen, len(got), err, len(rows))
		}
	}
}

func mustZlib(t *testing.T, z []byte) io.Reader {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	return r
}
