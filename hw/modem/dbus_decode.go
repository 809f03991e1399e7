package modem

import (
	"encoding/binary"
	"fmt"
	"math"
)

// dec reads D-Bus values. Types map to Go as: y byte, b bool, n/q/i/u/x/t
// int16/uint16/int32/uint32/int64/uint64, d float64, s/o/g string, h uint32,
// v the value inside, a{..} []DictEntry, other arrays and structs []any.
type dec struct {
	b     []byte
	order binary.ByteOrder
	off   int
}

// DictEntry is one entry of a D-Bus dictionary (a{kv}).
type DictEntry struct{ Key, Value any }

// maxDepth bounds nesting (the specification allows 32 arrays and 32
// structs); variants count too, so a hostile reply cannot recurse deeply.
const maxDepth = 64

func (d *dec) align(n int) error {
	p := (d.off + n - 1) / n * n
	if p > len(d.b) {
		return fmt.Errorf("%w: truncated at %d", ErrBadReply, d.off)
	}
	d.off = p
	return nil
}

func (d *dec) take(n int) ([]byte, error) {
	if n < 0 || d.off+n > len(d.b) {
		return nil, fmt.Errorf("%w: truncated at %d", ErrBadReply, d.off)
	}
	b := d.b[d.off : d.off+n]
	d.off += n
	return b, nil
}

func (d *dec) fixed(n int) ([]byte, error) {
	if err := d.align(n); err != nil {
		return nil, err
	}
	return d.take(n)
}

func (d *dec) u32() (uint32, error) {
	b, err := d.fixed(4)
	if err != nil {
		return 0, err
	}
	return d.order.Uint32(b), nil
}

// value decodes one complete type sig.
func (d *dec) value(sig string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested too deeply", ErrBadReply)
	}
	switch sig[0] {
	case 'y':
		b, err := d.take(1)
		if err != nil {
			return nil, err
		}
		return b[0], nil
	case 'b':
		v, err := d.u32()
		return v == 1, err
	case 'n', 'q':
		b, err := d.fixed(2)
		if err != nil {
			return nil, err
		}
		if sig[0] == 'n' {
			return int16(d.order.Uint16(b)), nil
		}
		return d.order.Uint16(b), nil
	case 'i':
		v, err := d.u32()
		return int32(v), err
	case 'u', 'h':
		return d.u32()
	case 'x', 't', 'd':
		b, err := d.fixed(8)
		if err != nil {
			return nil, err
		}
		v := d.order.Uint64(b)
		switch sig[0] {
		case 'x':
			return int64(v), nil
		case 'd':
			return math.Float64frombits(v), nil
		}
		return v, nil
	case 's', 'o':
		n, err := d.u32()
		if err != nil {
			return nil, err
		}
		if n > maxMessage { // int(n) could wrap on 32-bit
			return nil, fmt.Errorf("%w: string of %d bytes", ErrBadReply, n)
		}
		b, err := d.take(int(n) + 1)
		if err != nil || b[n] != 0 {
			return nil, fmt.Errorf("%w: string at %d", ErrBadReply, d.off)
		}
		return string(b[:n]), nil
	case 'g':
		return d.signature()
	case 'v':
		s, err := d.signature()
		if err != nil {
			return nil, err
		}
		one, rest, err := splitSig(s)
		if err != nil || rest != "" {
			return nil, fmt.Errorf("%w: variant signature %.64q", ErrBadReply, s)
		}
		return d.value(one, depth+1)
	case 'a':
		n, err := d.u32()
		if err != nil {
			return nil, err
		}
		elem := sig[1:]
		if err := d.align(alignment(elem[0])); err != nil {
			return nil, err
		}
		end := d.off + int(n)
		if n > maxMessage || end > len(d.b) {
			return nil, fmt.Errorf("%w: array of %d bytes at %d", ErrBadReply, n, d.off)
		}
		var out []any
		var dict []DictEntry
		for d.off < end {
			if elem[0] == '{' {
				if err := d.align(8); err != nil {
					return nil, err
				}
				kv, err := d.fields(elem[1:len(elem)-1], depth+1)
				if err != nil {
					return nil, err
				}
				if len(kv) != 2 {
					return nil, fmt.Errorf("%w: dict entry %.64q", ErrBadReply, elem)
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
			return nil, fmt.Errorf("%w: array overruns its length at %d", ErrBadReply, d.off)
		}
		if elem[0] == '{' {
			return dict, nil
		}
		return out, nil
	case '(':
		if err := d.align(8); err != nil {
			return nil, err
		}
		return d.fields(sig[1:len(sig)-1], depth+1)
	}
	return nil, fmt.Errorf("%w: type %q", ErrBadReply, sig[0])
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

func (d *dec) signature() (string, error) {
	b, err := d.take(1)
	if err != nil {
		return "", err
	}
	s, err := d.take(int(b[0]) + 1)
	if err != nil || s[b[0]] != 0 {
		return "", fmt.Errorf("%w: signature at %d", ErrBadReply, d.off)
	}
	return string(s[:b[0]]), nil
}

// splitSig splits the first complete type off a signature.
func splitSig(sig string) (one, rest string, err error) {
	n, err := typeLen(sig, 0)
	if err != nil {
		return "", "", err
	}
	return sig[:n], sig[n:], nil
}

func typeLen(sig string, depth int) (int, error) {
	if sig == "" || depth > maxDepth {
		return 0, fmt.Errorf("%w: %w %.64q", ErrBadReply, errSig, sig)
	}
	switch sig[0] {
	case 'y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 's', 'o', 'g', 'v', 'h':
		return 1, nil
	case 'a':
		n, err := typeLen(sig[1:], depth+1)
		return n + 1, err
	case '(', '{':
		closer := byte(')')
		if sig[0] == '{' {
			closer = '}'
		}
		i := 1
		for i < len(sig) && sig[i] != closer {
			n, err := typeLen(sig[i:], depth+1)
			if err != nil {
				return 0, err
			}
			i += n
		}
		if i >= len(sig) || i == 1 {
			return 0, fmt.Errorf("%w: %w %.64q", ErrBadReply, errSig, sig)
		}
		return i + 1, nil
	}
	return 0, fmt.Errorf("%w: %w %.64q", ErrBadReply, errSig, sig)
}

func alignment(c byte) int {
	switch c {
	case 'n', 'q':
		return 2
	case 'b', 'i', 'u', 'h', 's', 'o', 'a':
		return 4
	case 'x', 't', 'd', '(', '{':
		return 8
	}
	return 1
}
