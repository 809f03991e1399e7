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
	beside  bool // text to the right of the code, else below it
	module  int
	scale   int // text height is scale*glyphHeight dots
	perLine int // characters a line may have
	fold    fold
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

// textShape is what the layout needs of the lines, counted once.
type textShape struct {
	text    []string
	runes   []int // characters per line
	key     []int // characters up to and including the first '=', 0 if none
	longest int
}

func newTextShape(text []string) *textShape {
	t := &textShape{text: text, runes: make([]int, len(text)), key: make([]int, len(text))}
	for i, s := range text {
		t.runes[i] = utf8.RuneCountInString(s)
		t.longest = max(t.longest, t.runes[i])
		if k := strings.IndexByte(s, '='); k >= 0 {
			t.key[i] = utf8.RuneCountInString(s[:k+1])
		}
	}
	return t
}

// arrange finds the best arrangement of box×box modules of code (quiet
// zone included) and text on a label of w×h dots, or nil if the text fits
// nowhere at the minimum height and the smallest module. The text keeps
// edge dots from the label's edges.
func arrange(box int, text *textShape, w, h, dpmm int) *arrangement {
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
			// From the largest text down: the first fit of lines whole or
			// split after their key ends the search; the first (largest)
			// fit cut anywhere counts only if there is no such fit.
			tryAnywhere := true
			for s := hi; s >= lo; s-- {
				perLine, f, ok := text.fit(aw, ah, s, tryAnywhere)
				if !ok {
					continue
				}
				c := &arrangement{beside: beside, module: m, scale: s, perLine: perLine, fold: f}
				if c.better(best) {
					best = c
				}
				if f != anywhere {
					break
				}
				tryAnywhere = false
			}
		}
	}
	return best
}

// fit reports whether the lines fit a w×h dots area at font scale s,
// folded no more than they need (cut anywhere only if tryAnywhere).
func (t *textShape) fit(w, h, s int, tryAnywhere bool) (perLine int, f fold, ok bool) {
	perLine = w / (glyphAdvance * s)
	if perLine < 1 || h <= 0 {
		return 0, 0, false
	}
	if t.longest <= perLine {
		return perLine, asGiven, textBlockHeight(len(t.text), s) <= h
	}
	n, split := 0, true
	for i, r := range t.runes {
		switch {
		case r <= perLine:
			n++
		case t.key[i] > 0 && t.key[i] <= perLine && r-t.key[i] <= perLine:
			n += 2
		default:
			split = false
		}
	}
	if split {
		return perLine, keyValue, textBlockHeight(n, s) <= h
	}
	if !tryAnywhere {
		return 0, 0, false
	}
	// Cutting never makes fewer lines than the characters need.
	least := 0
	for _, r := range t.runes {
		least += max(1, (r+perLine-1)/perLine)
	}
	if textBlockHeight(least, s) > h {
		return 0, 0, false
	}
	return perLine, anywhere, textBlockHeight(len(wrap(t.text, perLine)), s) <= h
}

// lines are the lines as an arrangement draws them.
func (t *textShape) lines(a *arrangement) []string {
	switch a.fold {
	case keyValue:
		var out []string
		for i, s := range t.text {
			if t.runes[i] <= a.perLine {
				out = append(out, s)
				continue
			}
			k := strings.IndexByte(s, '=')
			out = append(out, s[:k+1], s[k+1:])
		}
		return out
	case anywhere:
		return wrap(t.text, a.perLine)
	}
	return t.text
}

// lineGap is the space between lines, a quarter of the text height.
func lineGap(s int) int { return glyphHeight * s / 4 }

func textBlockHeight(n, s int) int { return n*glyphHeight*s + (n-1)*lineGap(s) }

// place puts the arranged code and text on the label: the code centred
// across the text direction, code and text together centred along it, the
// text block centred in its area and never nearer than 1 mm to an edge.
func (l *Label) place(a *arrangement, text *textShape, box int) {
	m, side, edge := a.module, box*a.module, l.DotsPerMM
	l.Module, l.FontSize = m, a.scale*glyphHeight
	lines := text.lines(a)
	tw, th := longest(lines)*glyphAdvance*a.scale, textBlockHeight(len(lines), a.scale)
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
	for i, s := range lines {
		l.Lines = append(l.Lines, TextLine{X: tx, Y: ty + i*pitch, Text: s})
	}
}

// placeCodeAlone centres the largest code that fits, or reports the size
// a code needs.
func (l *Label) placeCodeAlone(box int) error {
	l.Module = min(maxModule, min(l.Width, l.Height)/box)
	if l.Module < minModule {
		return l.noFit(box, nil)
	}
	side := box * l.Module
	l.QRX, l.QRY = (l.Width-side)/2+4*l.Module, (l.Height-side)/2+4*l.Module
	return nil
}

// noFit explains that the code does not fit at minModule dots per module,
// with a size that holds it (and the text, if any) and, where it helps,
// the lower level that needs less.
func (l *Label) noFit(box int, text *textShape) error {
	need := float64(box*minModule) / float64(l.DotsPerMM)
	w, h := math.Ceil(max(need, l.WidthMM)), math.Ceil(max(need, l.HeightMM))
	if text != nil {
		if tw, th, ok := l.sizeFor(box, text); ok {
			w, h = tw, th
		}
	}
	hint := ""
	for r := l.Level.rank() - 1; r >= 0; r-- {
		lower := Level("LMQH"[r])
		if q, err := NewQR(l.QR.Content, lower); err == nil && q.Reserved < l.QR.Reserved {
			hint = fmt.Sprintf(", or --ec %c (%.1f mm for the code)", lower, float64((q.Reserved+8)*minModule)/float64(l.DotsPerMM))
			break
		}
	}
	return fmt.Errorf("%w: %d×%d modules with quiet zone need %.1f mm at %d dots per module, the label is %gx%g mm: use --size %.0fx%.0f or larger%s",
		ErrNoFit, box, box, need, minModule, l.WidthMM, l.HeightMM, w, h, hint)
}

// textFit explains that the text fits nowhere, with a size that holds it.
func (l *Label) textFit(box int, text *textShape) error {
	hint := ""
	if w, h, ok := l.sizeFor(box, text); ok {
		hint = fmt.Sprintf("--size %.0fx%.0f, ", w, h)
	}
	return fmt.Errorf("%w: %d lines (the longest %d characters) fit neither beside nor below the code on %gx%g mm at the minimum text height %.1f mm: use %sfewer or shorter --text lines, or --text '' for a code alone",
		ErrTextFit, len(l.Text), text.longest, l.WidthMM, l.HeightMM, MinTextHeightMM, hint)
}

// sizeFor finds a label size of the same proportions, up to 1000 mm, that
// holds the code and the text: it grows the label by a quarter at a time,
// then halves the step (a larger label holds all that a smaller one does).
func (l *Label) sizeFor(box int, text *textShape) (w, h float64, ok bool) {
	fits := func(k float64) (float64, float64, bool) {
		w, h := math.Ceil(l.WidthMM*k), math.Ceil(l.HeightMM*k)
		dw, dh := int(math.Round(w*float64(l.DotsPerMM))), int(math.Round(h*float64(l.DotsPerMM)))
		return w, h, max(w, h) <= 1000 && arrange(box, text, dw, dh, l.DotsPerMM) != nil
	}
	for lo, hi := 1.0, 1.25; ; lo, hi = hi, hi*1.25 {
		w, h, ok := fits(hi)
		if max(w, h) > 1000 {
			return 0, 0, false
		}
		if !ok {
			continue
		}
		for range 6 {
			if _, _, ok := fits((lo + hi) / 2); ok {
				hi = (lo + hi) / 2
			} else {
				lo = (lo + hi) / 2
			}
		}
		return fits(hi)
	}
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
		for left := utf8.RuneCountInString(s); left > n; {
			cut, soft, softRunes := 0, 0, 0
			for i := 0; i < n; i++ {
				r, size := utf8.DecodeRuneInString(s[cut:])
				cut += size
				if isBreak(r) && i+1 >= (n+2)/3 {
					soft, softRunes = cut, i+1
				}
			}
			taken := n
			if soft > 0 {
				cut, taken = soft, softRunes
			}
			out = append(out, s[:cut])
			s, left = s[cut:], left-taken
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
