package modem

import "encoding/binary"

// dec reads the few little-endian D-Bus values replies here carry:
// strings, object paths, signatures, uint32 and variants of them.
type dec struct {
	b   []byte
	off int
}

// take returns the next n bytes after aligning to a, nil when there are
// not that many.
func (d *dec) take(a, n int) []byte {
	p := (d.off + a - 1) / a * a
	if p > len(d.b) || n < 0 || n > len(d.b)-p {
		return nil
	}
	d.off = p + n
	return d.b[p:d.off]
}

// str reads a string or object path (kind 's', 'o': uint32 length) or a
// signature ('g': byte length), NUL-terminated.
func (d *dec) str(kind byte) (string, bool) {
	size := 4
	if kind == 'g' {
		size = 1
	}
	b := d.take(size, size)
	if b == nil {
		return "", false
	}
	n := uint32(b[0])
	if size == 4 {
		n = binary.LittleEndian.Uint32(b)
	}
	if n > maxMessage { // int(n) could wrap on 32-bit
		return "", false
	}
	if b = d.take(1, int(n)+1); b == nil || b[n] != 0 {
		return "", false
	}
	return string(b[:n]), true
}

// variant reads a variant holding a string, object path, signature, byte or
// uint32: its type code and the value.
func (d *dec) variant() (t byte, s string, u uint32, ok bool) {
	sig, ok := d.str('g')
	if ok = ok && len(sig) == 1; !ok {
		return 0, "", 0, false
	}
	switch t = sig[0]; t {
	case 's', 'o', 'g':
		s, ok = d.str(t)
	case 'u', 'y':
		n := 4
		if t == 'y' {
			n = 1
		}
		b := d.take(n, n)
		if ok = b != nil; ok {
			u = uint32(b[0])
			if n == 4 {
				u = binary.LittleEndian.Uint32(b)
			}
		}
	default:
		ok = false
	}
	return t, s, u, ok
}
