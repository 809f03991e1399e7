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
	var n int
	if kind == 'g' {
		b := d.take(1, 1)
		if b == nil {
			return "", false
		}
		n = int(b[0])
	} else {
		b := d.take(4, 4)
		if b == nil || binary.LittleEndian.Uint32(b) > maxMessage { // int() could wrap on 32-bit
			return "", false
		}
		n = int(binary.LittleEndian.Uint32(b))
	}
	b := d.take(1, n+1)
	if b == nil || b[n] != 0 {
		return "", false
	}
	return string(b[:n]), true
}

// variant reads a variant holding a string, object path, signature, byte or
// uint32: its type code and the value.
func (d *dec) variant() (t byte, s string, u uint32, ok bool) {
	sig, ok := d.str('g')
	if !ok || len(sig) != 1 {
		return 0, "", 0, false
	}
	switch t = sig[0]; t {
	case 's', 'o', 'g':
		s, ok = d.str(t)
		return t, s, 0, ok
	case 'u':
		b := d.take(4, 4)
		if b == nil {
			return 0, "", 0, false
		}
		return t, "", binary.LittleEndian.Uint32(b), true
	case 'y':
		b := d.take(1, 1)
		if b == nil {
			return 0, "", 0, false
		}
		return t, "", uint32(b[0]), true
	}
	return 0, "", 0, false
}
