package modem

import "encoding/binary"

// dec reads little-endian D-Bus values. Types map to Go as: s/o/g string,
// b bool, y/u/i/h uint32, v the value inside, a{..} []DictEntry, other
// arrays and structs []any. Other numbers (n q x t d) are skipped as nil:
// nothing read here needs them, and a device build pays for every type.
type dec struct {
	b   []byte
	off int
}

// DictEntry is one entry of a D-Bus dictionary (a{kv}).
type DictEntry struct{ Key, Value any }

// maxDepth bounds nesting (the specification allows 32 arrays and 32
// structs); variants count too, so a hostile reply cannot recurse deeply.
const maxDepth = 64

func (d *dec) align(n int) bool {
	p := (d.off + n - 1) / n * n
	if p > len(d.b) {
		return false
	}
	d.off = p
	return true
}

// take returns the next n bytes after aligning to a, nil when there are
// not that many.
func (d *dec) take(a, n int) []byte {
	if !d.align(a) || n < 0 || n > len(d.b)-d.off {
		return nil
	}
	b := d.b[d.off : d.off+n]
	d.off += n
	return b
}

// value decodes one complete type sig.
func (d *dec) value(sig string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, ErrBadReply
	}
	c := sig[0]
	switch c {
	case 's', 'o', 'g':
		var n int
		if c == 'g' {
			b := d.take(1, 1)
			if b == nil {
				return nil, ErrBadReply
			}
			n = int(b[0])
		} else {
			b := d.take(4, 4)
			if b == nil || binary.LittleEndian.Uint32(b) > maxMessage { // int() could wrap on 32-bit
				return nil, ErrBadReply
			}
			n = int(binary.LittleEndian.Uint32(b))
		}
		b := d.take(1, n+1)
		if b == nil || b[n] != 0 {
			return nil, ErrBadReply
		}
		return string(b[:n]), nil
	case 'v':
		s, err := d.value("g", depth)
		if err != nil {
			return nil, err
		}
		one, rest, err := splitSig(s.(string))
		if err != nil || rest != "" {
			return nil, ErrBadReply
		}
		return d.value(one, depth+1)
	case 'a':
		b := d.take(4, 4)
		if b == nil {
			return nil, ErrBadReply
		}
		n := binary.LittleEndian.Uint32(b)
		elem := sig[1:]
		if !d.align(alignment(elem[0])) || n > uint32(len(d.b)-d.off) {
			return nil, ErrBadReply
		}
		end := d.off + int(n)
		var out []any
		var dict []DictEntry
		for d.off < end {
			if elem[0] == '{' {
				if !d.align(8) {
					return nil, ErrBadReply
				}
				kv, err := d.fields(elem[1:len(elem)-1], depth+1)
				if err != nil {
					return nil, err
				}
				if len(kv) != 2 {
					return nil, ErrBadReply
				}
				dict = append(dict, DictEntry{kv[0], kv[1]})
				continue
			}
			v, err := d.value(elem, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		if d.off != end {
			return nil, ErrBadReply
		}
		if elem[0] == '{' {
			return dict, nil
		}
		return out, nil
	case '(':
		if !d.align(8) {
			return nil, ErrBadReply
		}
		return d.fields(sig[1:len(sig)-1], depth+1)
	}
	size := alignment(c)
	b := d.take(size, size)
	if b == nil {
		return nil, ErrBadReply
	}
	switch c {
	case 'y':
		return uint32(b[0]), nil
	case 'b':
		return binary.LittleEndian.Uint32(b) == 1, nil
	case 'u', 'i', 'h':
		return binary.LittleEndian.Uint32(b), nil
	}
	return nil, nil // n q x t d: skipped
}

// fields decodes the complete types of sig one after another.
func (d *dec) fields(sig string, depth int) ([]any, error) {
	var out []any
	for sig != "" {
		one, rest, err := splitSig(sig)
		if err != nil {
			return nil, err
		}
		v, err := d.value(one, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		sig = rest
	}
	return out, nil
}

// splitSig splits the first complete type off a signature.
func splitSig(sig string) (one, rest string, err error) {
	n := typeLen(sig, 0)
	if n == 0 {
		return "", "", ErrBadReply
	}
	return sig[:n], sig[n:], nil
}

// typeLen is the length of the complete type sig starts with, 0 if none.
func typeLen(sig string, depth int) int {
	if sig == "" || depth > maxDepth {
		return 0
	}
	switch c := sig[0]; c {
	case 'a':
		if n := typeLen(sig[1:], depth+1); n > 0 {
			return n + 1
		}
	case '(', '{':
		closer := byte(')')
		if c == '{' {
			closer = '}'
		}
		i := 1
		for i < len(sig) && sig[i] != closer {
			n := typeLen(sig[i:], depth+1)
			if n == 0 {
				return 0
			}
			i += n
		}
		if i < len(sig) && i > 1 {
			return i + 1
		}
	default:
		if alignment(c) > 0 {
			return 1
		}
	}
	return 0
}

// alignment of a type code; 0 for a code that is no type.
func alignment(c byte) int {
	switch c {
	case 'y', 'g', 'v':
		return 1
	case 'n', 'q':
		return 2
	case 'b', 'i', 'u', 'h', 's', 'o', 'a':
		return 4
	case 'x', 't', 'd', '(', '{':
		return 8
	}
	return 0
}
