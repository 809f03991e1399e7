package label

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// The one layout every format draws: the code with its quiet zone, and the
// text beside it (to the right) or below it, whichever arrangement gives
// the larger text. Text height steps are the PNG font's cell (glyphHeight
// dots) times a whole number, so a PNG draws exactly the height ZPL, TSPL
// and SVG are given; see font.go.

// MinTextHeightMM is the smallest text height (a character cell, top of an
// accent to bottom of a descender) a label is given: thermal printers render
// text below about 1.5 mm illegibly.
const MinTextHeightMM = 1.5

// Text is at most 4 mm high, or a twelfth of the label's short side on labels
// over 48 mm, so it grows with the label without crowding out the code.
const (
	maxTextTenthMM = 40 // tenths of a mm
	maxTextShare   = 12
)

// arrangement is one way to place the code and the text.
type arrangement struct {
	beside bool // text to the right of the code, else below it
	module int
	scale  int // text height is scale*glyphHeight dots
	lines  []string
	fold   fold
}

// fold is how far the lines had to be broken to fit.
type fold int

const (
	asGiven  fold = iota
	keyValue      // a key=value line as "key=" and "value"
	anywhere      // after punctuation, else anywhere
)

// better orders arrangements: lines kept whole or cut only after their
// key first, then larger text, then lines as given, then a larger code,
// then text beside the code.
func (a *arrangement) better(b *arrangement) bool {
	switch {
	case b == nil:
		return true
	case (a.fold == anywhere) != (b.fold == anywhere):
		return a.fold != anywhere
	case a.scale != b.scale:
		return a.scale > b.scale
	case a.fold != b.fold:
		return a.fold < b.fold
	case a.module != b.module:
		return a.module > b.module
	}
	return a.beside && !b.beside
}

// textScales is the range of whole font scales a label of w×h dots allows.
func textScales(w, h, dpmm int) (lo, hi int) {
	minDots := int(math.Ceil(MinTextHeightMM * float64(dpmm)))
	lo = (minDots + glyphHeight - 1) / glyphHeight
	hi = max(lo, max(maxTextTenthMM*dpmm/10, min(w, h)/maxTextShare)/glyphHeight)
	return lo, hi
}

// arrange finds the best arrangement of box×box modules of code (quiet
// zone included) and text on a label of w×h dots, or nil if the text fits
// nowhere at the minimum height and the smallest module. The text keeps
// edge dots from the label's edges.
func arrange(box int, text []string, w, h, dpmm int) *arrangement {
	edge := dpmm // 1 mm
	lo, hi := textScales(w, h, dpmm)
	var best *arrangement
	for _, beside := range []bool{true, false} {
		for m := maxModule; m >= minModule; m-- {
			side := box * m
			if side > w || side > h {
				continue
			}
			aw, ah := w-side-edge, h-2*edge
			if !beside {
				aw, ah = w-2*edge, h-side-edge
			}
			for s := hi; s >= lo; s-- {
				lines, f, ok := fitText(text, aw, ah, s)
				if !ok {
					continue
				}
				c := &arrangement{beside: beside, module: m, scale: s, lines: lines, fold: f}
				if c.better(best) {
					best = c
				}
			}
		}
	}
	return best
}

// fitText returns the lines as drawn in a w×h dots area at font scale s,
// folded no more than they need, and whether they fit.
func fitText(text []string, w, h, s int) (lines []string, f fold, ok bool) {
	perLine := w / (glyphAdvance * s)
	if perLine < 1 || h <= 0 {
		return nil, 0, false
	}
	lines, f = text, asGiven
	if longest(text) > perLine {
		if lines, ok = splitKeyValue(text, perLine); ok {
			f = keyValue
		} else {
			lines, f = wrap(text, perLine), anywhere
		}
	}
	return lines, f, textBlockHeight(len(lines), s) <= h
}

// splitKeyValue breaks the lines longer than n characters after their
// first '=', if both parts then fit.
func splitKeyValue(text []string, n int) ([]string, bool) {
	var out []string
	for _, s := range text {
		if utf8.RuneCountInString(s) <= n {
			out = append(out, s)
			continue
		}
		i := strings.IndexByte(s, '=')
		if i < 0 || utf8.RuneCountInString(s[:i+1]) > n || utf8.RuneCountInString(s[i+1:]) > n {
			return nil, false
		}
		out = append(out, s[:i+1], s[i+1:])
	}
	return out, true
}

// lineGap is the space between lines, a quarter of the text height.
func lineGap(s int) int { return glyphHeight * s / 4 }

func textBlockHeight(n, s int) int { return n*glyphHeight*s + (n-1)*lineGap(s) }

// place puts the arranged code and text on the label: the code centred
// across the text direction, code and text together centred along it, the
// text block centred in its area and never nearer than 1 mm to an edge.
func (l *Label) place(a *arrangement, box int) {
	m, side, edge := a.module, box*a.module, l.DotsPerMM
	l.Module, l.FontSize = m, a.scale*glyphHeight
	tw, th := longest(a.lines)*glyphAdvance*a.scale, textBlockHeight(len(a.lines), a.scale)
	var boxX, boxY, tx, ty int
	if a.beside {
		group := side + tw
		off := max(0, min(l.Width-edge-group, (l.Width-group)/2))
		boxX, boxY = off, (l.Height-side)/2
		tx, ty = off+side, edge+(l.Height-2*edge-th)/2
	} else {
		group := side + th
		off := max(0, min(l.Height-edge-group, (l.Height-group)/2))
		boxX, boxY = (l.Width-side)/2, off
		tx, ty = edge+(l.Width-2*edge-tw)/2, off+side
	}
	l.QRX, l.QRY = boxX+4*m, boxY+4*m
	pitch := a.scale*glyphHeight + lineGap(a.scale)
	for i, s := range a.lines {
		l.Lines = append(l.Lines, TextLine{X: tx, Y: ty + i*pitch, Text: s})
	}
}

// placeCodeAlone centres the largest code that fits, or reports the size
// a code needs.
func (l *Label) placeCodeAlone(box int) error {
	l.Module = min(maxModule, min(l.Width, l.Height)/box)
	if l.Module < minModule {
		return l.noFit(box)
	}
	side := box * l.Module
	l.QRX, l.QRY = (l.Width-side)/2+4*l.Module, (l.Height-side)/2+4*l.Module
	return nil
}

// noFit explains that the code does not fit at minModule dots per module,
// with the size it needs and, where it helps, the lower level that needs
// less.
func (l *Label) noFit(box int) error {
	need := float64(box*minModule) / float64(l.DotsPerMM)
	hint := ""
	for r := l.Level.rank() - 1; r >= 0; r-- {
		lower := Level("LMQH"[r])
		if q, err := NewQR(l.QR.Content, lower); err == nil && q.Reserved < l.QR.Reserved {
			hint = fmt.Sprintf(", or --ec %c (%.1f mm)", lower, float64((q.Reserved+8)*minModule)/float64(l.DotsPerMM))
			break
		}
	}
	return fmt.Errorf("%w: %d×%d modules with quiet zone need %.1f mm at %d dots per module, the label is %gx%g mm: use --size %.0fx%.0f or larger%s",
		ErrNoFit, box, box, need, minModule, l.WidthMM, l.HeightMM, math.Ceil(max(need, l.WidthMM)), math.Ceil(max(need, l.HeightMM)), hint)
}

// textFit explains that the text fits nowhere, with a label size of the
// same proportions that holds it, if there is one up to 1000 mm.
func (l *Label) textFit(box int) error {
	hint := ""
	for k := 1.1; k*max(l.WidthMM, l.HeightMM) <= 1000; k += 0.1 {
		w, h := math.Ceil(l.WidthMM*k), math.Ceil(l.HeightMM*k)
		dw, dh := int(math.Round(w*float64(l.DotsPerMM))), int(math.Round(h*float64(l.DotsPerMM)))
		if arrange(box, l.Text, dw, dh, l.DotsPerMM) != nil {
			hint = fmt.Sprintf("--size %.0fx%.0f, ", w, h)
			break
		}
	}
	return fmt.Errorf("%w: %d lines (the longest %d characters) fit neither beside nor below the code on %gx%g mm at the minimum text height %.1f mm: use %sfewer or shorter --text lines, or --text '' for a code alone",
		ErrTextFit, len(l.Text), longest(l.Text), l.WidthMM, l.HeightMM, MinTextHeightMM, hint)
}

func longest(lines []string) int {
	n := 0
	for _, s := range lines {
		n = max(n, utf8.RuneCountInString(s))
	}
	return n
}

// wrap breaks lines into pieces of at most n characters, after the last
// space or punctuation that ends a piece at least a third full (so
// "serial=SN2024000123" breaks after '='), else after n characters.
func wrap(lines []string, n int) []string {
	var out []string
	for _, s := range lines {
		for utf8.RuneCountInString(s) > n {
			cut, soft := 0, 0
			for i := 0; i < n; i++ {
				r, size := utf8.DecodeRuneInString(s[cut:])
				cut += size
				if isBreak(r) && i+1 >= (n+2)/3 {
					soft = cut
				}
			}
			if soft > 0 {
				cut = soft
			}
			out = append(out, s[:cut])
			s = s[cut:]
		}
		out = append(out, s)
	}
	return out
}

// isBreak reports the characters a line may be wrapped after.
func isBreak(r rune) bool {
	switch r {
	case ' ', '=', ':', ',', ';', '-', '/', '.', '_':
		return true
	}
	return false
}
