package eeprom

import (
	"encoding/binary"
	"errors"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// Image builders for tests: the formats we only decode get a minimal
// encoder here so tests and fuzz targets can make valid images.

// fruField is an 8-bit ASCII type/length field. One character is padded
// with a space: 0xc1 (8-bit, length 1) is the end marker.
func fruField(s string) []byte {
	if len(s) == 1 {
		s += " "
	}
	return append([]byte{0xc0 | byte(len(s))}, s...)
}

// fruAreaImage builds an info area: version, length, fixed bytes, fields,
// end marker, zero padding and the zero-sum checksum.
func fruAreaImage(fixed []byte, fields ...[]byte) []byte {
	a := append([]byte{1, 0}, fixed...)
	for _, f := range fields {
		a = append(a, f...)
	}
	a = append(a, 0xc1)
	for (len(a)+1)%8 != 0 {
		a = append(a, 0)
	}
	a = append(a, 0)
	a[1] = byte(len(a) / 8)
	a[len(a)-1] = -sum8(a)
	return a
}

type fruSpec struct {
	chassisType byte
	chassis     []string // part number, serial
	mfgMinutes  int
	board       []string // manufacturer, product, serial, part number
	product     []string // manufacturer, name, part number, version, serial, asset tag
}

func ascii(ss []string) [][]byte {
	var out [][]byte
	for _, s := range ss {
		out = append(out, fruField(s))
	}
	return out
}

func buildFRU(s fruSpec) []byte {
	img := make([]byte, 8)
	img[0] = 1
	add := func(hdr int, area []byte) {
		img[hdr] = byte(len(img) / 8)
		img = append(img, area...)
	}
	if s.chassis != nil {
		add(2, fruAreaImage([]byte{s.chassisType}, ascii(s.chassis)...))
	}
	if s.board != nil {
		m := s.mfgMinutes
		add(3, fruAreaImage([]byte{25, byte(m), byte(m >> 8), byte(m >> 16)}, ascii(s.board)...))
	}
	if s.product != nil {
		add(4, fruAreaImage([]byte{0}, ascii(s.product)...))
	}
	img[7] = -sum8(img[:7])
	return img
}

// buildHAT builds a format-1 HAT image with a vendor atom and a GPIO atom.
func buildHAT(uuid [16]byte, pid, pver uint16, vendor, product string) []byte {
	var vd []byte
	for i := 15; i >= 0; i-- {
		vd = append(vd, uuid[i])
	}
	vd = binary.LittleEndian.AppendUint16(vd, pid)
	vd = binary.LittleEndian.AppendUint16(vd, pver)
	vd = append(vd, byte(len(vendor)), byte(len(product)))
	vd = append(vd, vendor...)
	vd = append(vd, product...)
	img := []byte("R-Pi\x01\x00\x02\x00\x00\x00\x00\x00")
	for i, data := range [][]byte{vd, make([]byte, 30)} {
		atom := binary.LittleEndian.AppendUint16(nil, uint16(i+1))
		atom = binary.LittleEndian.AppendUint16(atom, uint16(i))
		atom = binary.LittleEndian.AppendUint32(atom, uint32(len(data)+2))
		atom = append(atom, data...)
		img = append(img, binary.LittleEndian.AppendUint16(atom, crc16ARC(atom))...)
	}
	binary.LittleEndian.PutUint32(img[8:], uint32(len(img)))
	return img
}

// buildAM335x builds a board header padded with 0xff, MACs given as 6 bytes.
func buildAM335x(name, version, serial string, macs ...[]byte) []byte {
	img := make([]byte, 78)
	for i := range img {
		img[i] = 0xff
	}
	copy(img, am335xMagic)
	copy(img[4:12], name)
	copy(img[12:16], version)
	copy(img[16:28], serial)
	for i, m := range macs {
		copy(img[60+6*i:], m)
	}
	return img
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// checkAllocBound fails when decoding n input bytes allocated more than a
// small multiple of n: no decoder may size a buffer from a length field.
func checkAllocBound(t *testing.T, n int, f func()) {
	t.Helper()
	if got, limit := allocated(f), uint64(32*n+16<<10); got > limit {
		t.Errorf("decoding %d bytes allocated %d bytes (limit %d)", n, got, limit)
	}
}

func itoaTest(n int) string { return strconv.Itoa(n) }

func timeMinutes(m int) time.Duration { return time.Duration(m) * time.Minute }

// fruEpochTime is the FRU date zero, computed independently of fruEpoch.
var fruEpochTime = time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC)

// formatErrCase is a malformed image and the error it must give.
type formatErrCase struct {
	name  string
	img   []byte
	class error
	off   int
}

// checkFormatErrors runs decode on each case and wants a *FormatError of
// the format, class and offset given.
func checkFormatErrors(t *testing.T, format string, decode func([]byte) error, cases []formatErrCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := decode(tt.img)
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, tt.class) {
				t.Fatalf("err = %v, want a FormatError of class %v", err, tt.class)
			}
			if fe.Format != format || fe.Off != tt.off {
				t.Errorf("format %q offset 0x%x, want %s 0x%x (%v)", fe.Format, fe.Off, format, tt.off, err)
			}
		})
	}
}
