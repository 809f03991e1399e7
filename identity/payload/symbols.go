package payload

import "strings"

// Payload symbols: a base-32 alphabet inside QR alphanumeric mode that
// survives keyboard-wedge scanners. Digits and A-Z (without I, O, Y, Z) are
// the same on common keyboard layouts (QWERTZ swaps Y and Z, so neither is
// used); I and O are left out so that a hand-typed payload cannot confuse
// them with 1 and 0, and the decoder reads them as 1 and 0.
const alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWX"

// symbolValue is the symbol value of byte c, or -1. Lowercase letters map
// like uppercase ones, I/i to 1 and O/o to 0. A function, not a table built
// at start-up.
func symbolValue(c byte) int {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	switch c {
	case 'I':
		return 1
	case 'O':
		return 0
	}
	return strings.IndexByte(alphabet, c)
}

// Check symbols: the whole payload, read as a base-32 number, is 1 modulo
// the prime checkPrime (ISO 7064 style). Because the prime exceeds 32², every
// single-symbol substitution and every transposition of two symbols up to
// two apart changes the remainder, so they are always caught; other damage
// passes with probability 1/32749.
const (
	checkPrime   = 32749 // largest prime below 32³
	checkSymbols = 3
)

// checkValue is the payload symbols read as a base-32 number modulo checkPrime.
func checkValue(syms []byte) int {
	r := 0
	for _, s := range syms {
		r = (r*32 + int(s)) % checkPrime
	}
	return r
}

// appendCheck appends the check symbols that make checkValue of the whole
// slice equal 1.
func appendCheck(syms []byte) []byte {
	r := checkValue(syms)
	for range checkSymbols {
		r = r * 32 % checkPrime
	}
	c := (1 - r + checkPrime) % checkPrime
	return append(syms, byte(c>>10), byte(c>>5&31), byte(c&31))
}
