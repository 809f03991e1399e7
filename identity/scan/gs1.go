package scan

import (
	"fmt"
	"strings"

	"github.com/hwident/hwident/identity"
)

// gs1Serial is what a station needs from GS1 data: the serial (AI 21) and
// the GTIN (AI 01) it belongs to, when present.
type gs1Serial struct {
	gtin   string
	serial string
}

// groupSeparator (ASCII GS) ends a variable-length element and stands for
// FNC1 in scanner output.
const groupSeparator = '\x1d'

// symbologyIDs are the AIM identifiers scanners may prefix to GS1 data:
// GS1-128, DataBar, GS1 DataMatrix, GS1 QR, GS1 DotCode.
var symbologyIDs = []string{"]C1", "]e0", "]d2", "]Q3", "]J1"}

// parseGS1 recognises GS1 data in a scan: a Digital Link URL on any host,
// an element string with parentheses, or a raw element string (symbology
// identifier, FNC1/GS separators, or starting with a valid AI 01 + AI 21).
// isGS1 is false for anything else, which is then a plain serial.
func parseGS1(s string) (g gs1Serial, isGS1 bool, err error) {
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") {
		g, err = parseDigitalLink(s)
		return g, true, err
	}
	body, hasSymbology := s, false
	for _, p := range symbologyIDs {
		if rest, ok := strings.CutPrefix(s, p); ok {
			body, hasSymbology = rest, true
			break
		}
	}
	switch {
	case strings.HasPrefix(body, "("):
		g, err = parseBracketedElements(body)
	case hasSymbology || strings.IndexByte(body, groupSeparator) >= 0 || looksLikeRawGTINSerial(body):
		g, err = parseRawElements(body)
	default:
		return gs1Serial{}, false, nil
	}
	return g, true, err
}

// looksLikeRawGTINSerial reports an element string without separators that
// starts with AI 01 and a valid GTIN followed by AI 21.
func looksLikeRawGTINSerial(s string) bool {
	return len(s) > 18 && s[:2] == "01" && s[16:18] == "21" && validGTIN(s[2:16])
}

// parseDigitalLink reads https://HOST[/prefix]/01/GTIN[/22/..][/10/..]/21/SERIAL[?..].
func parseDigitalLink(s string) (gs1Serial, error) {
	_, rest, _ := strings.Cut(s, "://")
	_, path, ok := strings.Cut(rest, "/")
	if !ok {
		return gs1Serial{}, gs1Error("Digital Link URL has no path")
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	start := -1
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "01" && allDigits(segs[i+1]) {
			start = i
			break
		}
	}
	if start < 0 {
		return gs1Serial{}, gs1Error("Digital Link URL has no /01/GTIN")
	}
	var g gs1Serial
	for i := start; i+1 < len(segs); i += 2 {
		v, err := identity.DecodeValue(segs[i+1])
		if err != nil {
			return gs1Serial{}, gs1Error("Digital Link value " + identity.Quote("/"+segs[i]+"/"+segs[i+1]) + ": bad percent-encoding")
		}
		if err := g.set(segs[i], v); err != nil {
			return gs1Serial{}, err
		}
	}
	return g.complete()
}

// parseBracketedElements reads (AI)value(AI)value..., the human-readable form.
func parseBracketedElements(s string) (gs1Serial, error) {
	var g gs1Serial
	for s != "" {
		if s[0] != '(' {
			return gs1Serial{}, gs1Error("want (AI) before each value")
		}
		ai, rest, ok := strings.Cut(s[1:], ")")
		if !ok || !allDigits(ai) || len(ai) < 2 || len(ai) > 4 {
			return gs1Serial{}, gs1Error("want (AI) with 2 to 4 digits")
		}
		v := rest
		if i := strings.IndexByte(rest, '('); i >= 0 {
			v = rest[:i]
		}
		if err := g.set(ai, strings.TrimRight(v, string(groupSeparator))); err != nil {
			return gs1Serial{}, err
		}
		s = rest[len(v):]
	}
	return g.complete()
}

// fixedLengthDigits is the value length of the predefined fixed-length
// two-digit AIs a product label carries before its serial, 0 for others.
func fixedLengthDigits(ai string) int {
	switch ai {
	case "00":
		return 18
	case "01", "02":
		return 14
	case "11", "12", "13", "15", "16", "17":
		return 6
	case "20":
		return 2
	}
	return 0
}

// isVariableLengthAI reports the AIs (batch, serial, CPV) whose values end
// at a group separator or the end of the data.
func isVariableLengthAI(ai string) bool { return ai == "10" || ai == "21" || ai == "22" }

// parseRawElements reads an element string as a scanner sends it: FNC1 as
// GS, variable-length values ended by GS. Parsing stops once the serial and
// GTIN are known, so later AIs need not be understood.
func parseRawElements(s string) (gs1Serial, error) {
	var g gs1Serial
	s = strings.TrimLeft(s, string(groupSeparator))
	for s != "" && (g.serial == "" || g.gtin == "") {
		if len(s) < 2 {
			return gs1Serial{}, gs1Error("truncated element string")
		}
		ai := s[:2]
		var v string
		switch n := fixedLengthDigits(ai); {
		case n > 0:
			if len(s) < 2+n {
				return gs1Serial{}, gs1Error(fmt.Sprintf("AI %s needs %d digits", identity.Quote(ai), n))
			}
			v, s = s[2:2+n], s[2+n:]
		case isVariableLengthAI(ai):
			v, s, _ = strings.Cut(s[2:], string(groupSeparator))
		default:
			if g.serial != "" {
				return g.complete()
			}
			return gs1Serial{}, gs1Error(fmt.Sprintf("unsupported AI %s before the serial: put AI 21 first or use the (AI) form", identity.Quote(ai)))
		}
		if err := g.set(ai, v); err != nil {
			return gs1Serial{}, err
		}
		s = strings.TrimLeft(s, string(groupSeparator))
	}
	return g.complete()
}

// set records the elements a station needs and ignores the others.
func (g *gs1Serial) set(ai, v string) error {
	switch ai {
	case "01":
		if len(v) > 14 || len(v) < 8 || !validGTIN(v) {
			return gs1Error("GTIN " + identity.Quote(v) + ": bad length or check digit")
		}
		g.gtin = strings.Repeat("0", 14-len(v)) + v
	case "21":
		if err := checkGS1Serial(v); err != nil {
			return err
		}
		g.serial = v
	}
	return nil
}

func (g gs1Serial) complete() (gs1Serial, error) {
	if g.serial == "" {
		return gs1Serial{}, gs1Error("no serial number (AI 21)")
	}
	return g, nil
}

// checkGS1Serial enforces AI 21: 1 to 20 characters of GS1 character set 82.
func checkGS1Serial(v string) error {
	if v == "" || len(v) > 20 {
		return gs1Error("serial " + identity.Quote(v) + ": want 1 to 20 characters")
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c > 'z' || strings.IndexByte("#$@[\\]^`", c) >= 0 {
			return gs1Error(fmt.Sprintf("serial %s: character %q is not allowed in GS1 data", identity.Quote(v), c))
		}
	}
	return nil
}

// validGTIN checks the mod-10 check digit of a GTIN-8/12/13/14.
func validGTIN(d string) bool {
	if len(d) < 8 || len(d) > 14 || !allDigits(d) {
		return false
	}
	sum := 0
	for i := len(d) - 2; i >= 0; i-- {
		w := 1
		if (len(d)-2-i)%2 == 0 {
			w = 3
		}
		sum += int(d[i]-'0') * w
	}
	return int(d[len(d)-1]-'0') == (10-sum%10)%10
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func gs1Error(msg string) error {
	return fmt.Errorf("%w: %s", ErrBadGS1, msg)
}
