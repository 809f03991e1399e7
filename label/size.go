package label

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSize is ParseSize's error for text that is not a label size.
var ErrSize = errors.New("want WIDTHxHEIGHT in mm, e.g. 50x25 or 38.1x19")

// ParseSize parses a label size "WxH" in millimetres with up to two
// decimals, e.g. 50x25 or 38.1x19 (an upper-case X too). It avoids
// strconv.ParseFloat, whose tables cost the device build space
// (docs/size.md); Spec.Check judges the sides.
func ParseSize(s string) (widthMM, heightMM float64, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, ok1 := parseMM(ws)
	h, ok2 := parseMM(hs)
	if !ok || !ok1 || !ok2 {
		return 0, 0, fmt.Errorf("%q: %w", s, ErrSize)
	}
	return w, h, nil
}

// parseMM parses a decimal of at most four digits before the point and
// two after it.
func parseMM(s string) (float64, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 4 || len(frac) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range whole + (frac + "00")[:2] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return float64(n) / 100, true
}
