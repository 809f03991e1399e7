package payload

import (
	"bytes"
	"fmt"
)

// The payload text codec writes any byte string with the 32 payload
// symbols. Digits and the letters of alphabet stand for themselves,
// in the current letter case (keys start lowercase, values uppercase).
// X starts a two-symbol escape; "XB" takes two more symbols, the hex digits
// of one raw byte, so every byte string can be written.
const (
	escapeSym    = 31 // X
	escapeToggle = 20 // XL: switch between upper and lower case
	escapeByte   = 11 // XB h l: the byte 0xhl
)

// escapeChars maps the symbol after X to the character it stands for, 0
// for none. Letters (first row) follow the current case. An array, not a
// map: static data, nothing to build at start-up.
var escapeChars = [32]byte{
	0: 'O', 1: 'I', 2: 'Z', 3: 'Y', 31: 'X',
	26: ' ', 13: '-', 23: '.', 12: ':', 28: '_', 17: '/', 19: ',', 24: '=', 10: '@', 22: '#', 27: '+',
}

// escapeSymOf is the symbol that escapes uppercase character c after X, or
// -1 for none.
func escapeSymOf(c byte) int {
	if c != 0 {
		if s := bytes.IndexByte(escapeChars[:], c); s >= 0 {
			return s
		}
	}
	return -1
}

// literalSym is the symbol that stands for the digit or uppercase letter c
// by itself, or -1 (I, O, Y, Z and X need an escape).
func literalSym(c byte) int {
	for s := 0; s < escapeSym; s++ {
		if alphabet[s] == c {
			return s
		}
	}
	return -1
}

// appendText appends the symbols for v, starting in lower case if lower.
func appendText(dst []byte, v string, lower bool) []byte {
	for i := 0; i < len(v); i++ {
		c := v[i]
		isUpper, isLower := c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z'
		if isUpper && lower || isLower && !lower {
			dst = append(dst, escapeSym, escapeToggle)
			lower = !lower
		}
		if isLower {
			c -= 'a' - 'A'
		}
		if s := literalSym(c); s >= 0 {
			dst = append(dst, byte(s))
		} else if s := escapeSymOf(c); s >= 0 {
			dst = append(dst, escapeSym, byte(s))
		} else {
			b := v[i]
			dst = append(dst, escapeSym, escapeByte, b>>4, b&15)
		}
	}
	return dst
}

// decodeText reverses appendText.
func decodeText(syms []byte, lower bool) (string, error) {
	b := make([]byte, 0, len(syms))
	for i := 0; i < len(syms); i++ {
		s := syms[i]
		if s != escapeSym {
			b = append(b, caseOf(alphabet[s], lower))
			continue
		}
		if i+1 >= len(syms) {
			return "", fmt.Errorf("escape at symbol %d ends early", i)
		}
		i++
		switch e := syms[i]; e {
		case escapeToggle:
			lower = !lower
		case escapeByte:
			if i+2 >= len(syms) || syms[i+1] > 15 || syms[i+2] > 15 {
				return "", fmt.Errorf("byte escape at symbol %d needs two hex digits", i-1)
			}
			b = append(b, syms[i+1]<<4|syms[i+2])
			i += 2
		default:
			c := escapeChars[e]
			if c == 0 {
				return "", fmt.Errorf("unknown escape X%c at symbol %d", alphabet[e], i-1)
			}
			b = append(b, caseOf(c, lower))
		}
	}
	return string(b), nil
}

// caseOf lowers an uppercase letter in lower case mode.
func caseOf(c byte, lower bool) byte {
	if lower && c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
