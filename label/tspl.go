package label

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrTSPLContent is returned for QR content TSPL cannot carry (control bytes).
var ErrTSPLContent = errors.New("QR content has control bytes, which TSPL cannot send")

// AppendTSPL appends the label as TSPL commands (TSC and compatible
// printers), CRLF terminated. The QR code is always model 2 (M2): many TSC
// printers default to model 1.
func (l *Label) AppendTSPL(b []byte) ([]byte, error) {
	for i := 0; i < len(l.QR.Content); i++ {
		if c := l.QR.Content[i]; c < 0x20 || c == 0x7f {
			return b, fmt.Errorf("byte %d: %w", i, ErrTSPLContent)
		}
	}
	b = append(b, "SIZE "...)
	b = strconv.AppendFloat(b, l.WidthMM, 'f', -1, 64)
	b = append(b, " mm,"...)
	b = strconv.AppendFloat(b, l.HeightMM, 'f', -1, 64)
	b = append(b, " mm\r\nGAP 2 mm,0 mm\r\nCODEPAGE UTF-8\r\nCLS\r\nQRCODE "...)
	b = appendInts(b, l.QRX, l.QRY)
	b = append(b, ',', byte(l.Level), ',')
	b = strconv.AppendInt(b, int64(l.Module), 10)
	b = append(b, ",A,0,M2,S7,"...)
	b = appendTSPLString(b, l.QR.Content)
	b = append(b, "\r\n"...)
	// Font "0" is the scalable font; its multipliers are the size in points.
	pt := max(1, (l.FontSize*72+l.DPI/2)/l.DPI)
	for _, t := range l.Lines {
		b = append(b, "TEXT "...)
		b = appendInts(b, t.X, t.Y)
		b = append(b, `,"0",0,`...)
		b = appendInts(b, pt, pt)
		b = append(b, ',')
		b = appendTSPLString(b, t.Text)
		b = append(b, "\r\n"...)
	}
	b = append(b, "PRINT 1,"...)
	b = strconv.AppendInt(b, int64(l.Copies), 10)
	return append(b, "\r\n"...), nil
}

func appendInts(b []byte, x, y int) []byte {
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, ',')
	return strconv.AppendInt(b, int64(y), 10)
}

// appendTSPLString quotes s: a double quote is written \["], and control
// bytes, which would end the command line, print as '?'.
func appendTSPLString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			b = append(b, `\["]`...)
		case c < 0x20 || c == 0x7f:
			b = append(b, '?')
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
