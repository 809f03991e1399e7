package label

import "strconv"

// AppendZPL appends the label as one ZPL II format (^XA ... ^XZ). The code
// is the printer's own ^BQ model 2 QR; every field's data goes through ^FH
// hex escapes, so no content can start a command.
func (l *Label) AppendZPL(b []byte) []byte {
	b = append(b, "^XA\n^CI28\n^PW"...)
	b = strconv.AppendInt(b, int64(l.Width), 10)
	b = append(b, "\n^LL"...)
	b = strconv.AppendInt(b, int64(l.Height), 10)
	b = append(b, "\n^LH0,0\n"...)
	b = zplOrigin(b, l.QRX, l.QRY-bqTopOffset)
	b = append(b, "^BQN,2,"...)
	b = strconv.AppendInt(b, int64(l.Module), 10)
	b = append(b, ',', byte(l.Level))
	// ^FD of a QR starts with the same level and A (automatic mode).
	b = append(b, "^FH^FD"...)
	b = append(b, byte(l.Level), 'A', ',')
	b = appendZPLData(b, l.QR.Content)
	b = append(b, "^FS\n"...)
	for _, t := range l.Lines {
		b = zplOrigin(b, t.X, t.Y)
		b = append(b, "^A0N,"...)
		b = strconv.AppendInt(b, int64(l.FontSize), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(l.FontSize), 10)
		b = append(b, "^FH^FD"...)
		b = appendZPLData(b, t.Text)
		b = append(b, "^FS\n"...)
	}
	b = append(b, "^PQ"...)
	b = strconv.AppendInt(b, int64(l.Copies), 10)
	return append(b, "\n^XZ\n"...)
}

// bqTopOffset: Zebra printers (and renderers that copy them) draw a ^BQ
// code 10 dots below its field origin, at every resolution.
const bqTopOffset = 10

func zplOrigin(b []byte, x, y int) []byte {
	b = append(b, "^FO"...)
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, ',')
	return strconv.AppendInt(b, int64(y), 10)
}

// appendZPLData writes s for a field after ^FH: the command prefixes ^ and
// ~, the escape character _, control bytes and all non-ASCII bytes become
// _XX (UTF-8 bytes under ^CI28 decode back to their characters).
func appendZPLData(b []byte, s string) []byte {
	const hexdigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '^' || c == '~' || c == '_' || c < 0x20 || c >= 0x7f {
			b = append(b, '_', hexdigits[c>>4], hexdigits[c&15])
			continue
		}
		b = append(b, c)
	}
	return b
}
