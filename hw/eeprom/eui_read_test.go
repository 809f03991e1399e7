package eeprom

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// failingReader fails every read with err.
type failingReader struct{ err error }

func (r failingReader) ReadAt(p []byte, off int64) (int, error) { return 0, r.err }

func TestReadEUI(t *testing.T) {
	mac := []byte{0x80, 0x34, 0x28, 0x72, 0xbd, 0xd7}
	chip := append(bytes.Repeat([]byte{0xff}, 0xfa), mac...)
	errBus := errors.New("i2c: remote I/O error")
	tests := []struct {
		name  string
		r     io.ReaderAt
		loc   EUILocation
		want  string
		class error
	}{
		{"24AA02E48 chip", bytes.NewReader(chip), EUI48Microchip, "80:34:28:72:bd:d7", nil},
		{"at24 file of an AT24MAC402: the EUI alone", bytes.NewReader(mac), EUI48AT24MAC, "80:34:28:72:bd:d7", nil},
		{"at24 file shorter than the chip, longer than the EUI", bytes.NewReader(make([]byte, 128)), EUI48Microchip, "", ErrTruncated},
		{"erased chip", bytes.NewReader(bytes.Repeat([]byte{0xff}, 256)), EUI48Microchip, "", ErrBlank},
		{"bus error", failingReader{errBus}, EUI48Microchip, "", errBus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadEUI(tt.r, tt.loc)
			if got != tt.want || !errors.Is(err, tt.class) || (tt.class == nil) != (err == nil) {
				t.Errorf("ReadEUI = %q, %v; want %q, %v", got, err, tt.want, tt.class)
			}
		})
	}
}
