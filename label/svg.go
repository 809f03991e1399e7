package label

import (
	"strconv"
	"unicode/utf8"
)

// AppendSVG appends the label as SVG: the physical size in mm, a viewBox in
// printer dots, all modules in one path, and the text XML-escaped.
func (l *Label) AppendSVG(b []byte) []byte {
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" width="`...)
	b = strconv.AppendFloat(b, l.WidthMM, 'f', -1, 64)
	b = append(b, `mm" height="`...)
	b = strconv.AppendFloat(b, l.HeightMM, 'f', -1, 64)
	b = append(b, `mm" viewBox="0 0 `...)
	b = appendSpaced(b, l.Width, l.Height)
	b = append(b, "\" shape-rendering=\"crispEdges\">\n<rect width=\""...)
	b = strconv.AppendInt(b, int64(l.Width), 10)
	b = append(b, `" height="`...)
	b = strconv.AppendInt(b, int64(l.Height), 10)
	b = append(b, "\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\""...)
	m := l.Module
	for my := 0; my < l.QR.Size; my++ {
		for mx := 0; mx < l.QR.Size; {
			if !l.QR.Dark(mx, my) {
				mx++
				continue
			}
			run := 1
			for mx+run < l.QR.Size && l.QR.Dark(mx+run, my) {
				run++
			}
			b = append(b, 'M')
			b = appendSpaced(b, l.QRX+mx*m, l.QRY+my*m)
			b = append(b, 'h')
			b = strconv.AppendInt(b, int64(run*m), 10)
			b = append(b, 'v')
			b = strconv.AppendInt(b, int64(m), 10)
			b = append(b, 'h', '-')
			b = strconv.AppendInt(b, int64(run*m), 10)
			b = append(b, 'z')
			mx += run
		}
	}
	b = append(b, "\"/>\n"...)
	// The text is as high as in every other format (font-size in dots of
	// the viewBox, so in mm on paper), and textLength holds each line to
	// the width the layout gave it, whatever monospace font the viewer has.
	for _, t := range l.Lines {
		b = append(b, `<text x="`...)
		b = strconv.AppendInt(b, int64(t.X), 10)
		b = append(b, `" y="`...)
		b = strconv.AppendInt(b, int64(t.Y+l.FontSize*glyphAscent/glyphHeight), 10) // baseline
		b = append(b, `" font-family="monospace" font-size="`...)
		b = strconv.AppendInt(b, int64(l.FontSize), 10)
		b = append(b, `" textLength="`...)
		b = strconv.AppendInt(b, int64(utf8.RuneCountInString(t.Text)*glyphAdvance*l.FontSize/glyphHeight), 10)
		b = append(b, `" lengthAdjust="spacingAndGlyphs">`...)
		b = appendXMLText(b, t.Text)
		b = append(b, "</text>\n"...)
	}
	return append(b, "</svg>\n"...)
}

func appendSpaced(b []byte, x, y int) []byte {
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, ' ')
	return strconv.AppendInt(b, int64(y), 10)
}

// appendXMLText escapes markup characters; bytes XML cannot hold at all
// (control bytes, invalid UTF-8) become U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\'':
			b = append(b, "&apos;"...)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError && size == 1 || r == 0xfffe || r == 0xffff:
			b = utf8.AppendRune(b, utf8.RuneError)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
