package identity

import (
	"encoding/hex"
	"strings"
)

// pinMagic starts a pin file; the hash after it covers the identity lines,
// so a truncated or edited pin file is detected instead of trusted.
const pinMagic = "hwident-pin-v1 sha256="

// EncodePin returns the pin file contents for id.
func EncodePin(id Identity) []byte {
	body := id.Mender()
	sum := sum256(body)
	return append([]byte(pinMagic+hex.EncodeToString(sum[:])+"\n"), body...)
}

// DecodePin parses a pin file written by EncodePin. Any damage is a
// *FormatError wrapping ErrCorruptPin.
func DecodePin(b []byte) (Identity, error) {
	s := string(b)
	head, body, ok := strings.Cut(s, "\n")
	sumHex, okMagic := strings.CutPrefix(head, pinMagic)
	if !ok || !okMagic || len(sumHex) != 64 {
		return nil, &FormatError{Line: 1, Msg: "not a hwident pin file header", Err: ErrCorruptPin}
	}
	sum := sum256([]byte(body))
	if hex.EncodeToString(sum[:]) != sumHex {
		return nil, &FormatError{Line: 2, Msg: "pinned identity does not match its checksum", Err: ErrCorruptPin}
	}
	id, err := ParseLines(body)
	if err != nil {
		return nil, &FormatError{Line: 2, Msg: err.Error(), Err: ErrCorruptPin}
	}
	return id, nil
}
