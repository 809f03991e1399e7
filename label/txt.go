package label

import "unicode/utf8"

// AppendText appends the code drawn with Unicode half blocks, two modules
// per character cell, then the text lines. Light modules are drawn as
// blocks, for the light-on-dark of terminals and serial consoles. Control
// bytes in the text print as U+FFFD, so no value can send a terminal
// escape sequence.
func (l *Label) AppendText(b []byte) []byte {
	const quiet = 4
	n := l.QR.Size + 2*quiet
	light := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x < 0 || y < 0 || x >= l.QR.Size || y >= l.QR.Size || !l.QR.Dark(x, y)
	}
	for y := 0; y < n; y += 2 {
		for x := 0; x < n; x++ {
			top, bottom := light(x, y), y+1 < n && light(x, y+1)
			switch {
			case top && bottom:
				b = append(b, "█"...)
			case top:
				b = append(b, "▀"...)
			case bottom:
				b = append(b, "▄"...)
			default:
				b = append(b, ' ')
			}
		}
		b = append(b, '\n')
	}
	for _, s := range l.Text {
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if r < 0x20 || r >= 0x7f && r < 0xa0 {
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
		}
		b = append(b, '\n')
	}
	return b
}
