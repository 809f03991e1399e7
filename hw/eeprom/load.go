package eeprom

import (
	"errors"
	"io"
	"io/fs"
)

// Load reads from r as much of an EEPROM as format needs: the first 256
// bytes, then more while Need asks for it (ONIE, FRU and HAT images say
// their length in their headers), up to MaxImage. Reading only what the
// format needs keeps a slow 100 kHz bus quick. A reader that ends early
// (io.EOF: the chip or file is smaller) ends the image there; the decoder
// then reports any truncation.
func Load(r io.ReaderAt, format string) ([]byte, error) {
	var img []byte
	want := 256
	for want > len(img) {
		buf := make([]byte, want)
		copy(buf, img)
		n, err := r.ReadAt(buf[len(img):], int64(len(img)))
		img = buf[:len(img)+n]
		if errors.Is(err, io.EOF) {
			return img, nil
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, io.ErrNoProgress
		}
		want = max(Need(format, img), len(img))
	}
	return img, nil
}

// LoadFile opens name in fsys (an at24 or nvmem file under the machine
// root) with OpenFile and Loads what format needs from it.
func LoadFile(fsys fs.FS, name, format string) ([]byte, error) {
	f, err := OpenFile(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Load(f, format)
}
