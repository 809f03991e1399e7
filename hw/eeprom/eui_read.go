package eeprom

import (
	"errors"
	"fmt"
	"io"
)

// ReadEUI reads just the EUI bytes at loc from r (a chip, or the at24
// file of one) and decodes them with DecodeEUI. A file that ends before
// them is the EUI itself only if it holds exactly loc.Len bytes (the at24
// driver's 6- or 8-byte file of an AT24MAC): a longer one (a 24AA02E48
// that at24 was told is a 128-byte 24c01) holds user data, not the EUI.
func ReadEUI(r io.ReaderAt, loc EUILocation) (string, error) {
	buf := make([]byte, loc.Len+1) // one more: tells an EUI file from a longer one
	n, err := r.ReadAt(buf[:loc.Len], int64(loc.Off))
	if n == 0 && errors.Is(err, io.EOF) {
		n, err = r.ReadAt(buf, 0)
		if n > loc.Len {
			return "", fmt.Errorf("%w: the file ends before 0x%x, where the %s keeps its EUI, and is longer than the EUI alone: check the chip type the at24 driver was given", ErrTruncated, loc.Off, loc.Chip)
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return DecodeEUI(buf[:n], loc)
}
