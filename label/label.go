package label

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// Spec is the physical label and what goes on it besides the code.
type Spec struct {
	WidthMM, HeightMM float64
	DPI               int // 203, 300 or 600
	Level             Level
	Text              []string // human-readable lines, wrapped to fit
	Copies            int      // ≥ 1
}

// Dots per module: at least minModule so a 203 dpi printer draws modules of
// 0.5 mm; at most maxModule, the largest magnification ZPL ^BQ and TSPL
// QRCODE accept.
const (
	minModule = 4
	maxModule = 10
)

// Errors of New.
var (
	ErrSpec    = errors.New("invalid label spec")
	ErrNoFit   = errors.New("QR code does not fit the label")
	ErrTextFit = errors.New("text does not fit the label")
)

// Label is a laid-out label. All coordinates are printer dots from the top
// left corner.
type Label struct {
	Spec
	QR            *QR
	DotsPerMM     int
	Width, Height int
	Module        int // dots per module
	// QRX, QRY is the top left module of the code; the quiet zone is the
	// Module*4 dots around the Reserved×Reserved modules from there.
	QRX, QRY int
	Lines    []TextLine
	FontSize int // text height in dots
}

// TextLine is one line of text; X, Y is its top left corner.
type TextLine struct {
	X, Y int
	Text string
}

// Check reports a spec New cannot lay out whatever the content, wrapping
// ErrSpec, so callers can check flags before any content is read.
func (spec Spec) Check() error {
	switch {
	case dotsPerMM(spec.DPI) == 0:
		return fmt.Errorf("%w: dpi %d: use 203, 300 or 600", ErrSpec, spec.DPI)
	case !(spec.WidthMM > 0 && spec.WidthMM <= 1000 && spec.HeightMM > 0 && spec.HeightMM <= 1000):
		return fmt.Errorf("%w: size %gx%g mm: both sides must be between 0 and 1000 mm", ErrSpec, spec.WidthMM, spec.HeightMM)
	case spec.Copies < 1 || spec.Copies > 99999999:
		return fmt.Errorf("%w: %d copies: use 1 to 99999999", ErrSpec, spec.Copies)
	}
	return nil
}

// dotsPerMM is the dot pitch printers use at a supported resolution, 0 for
// others. A switch, not a package-level map.
func dotsPerMM(dpi int) int {
	switch dpi {
	case 203:
		return 8
	case 300:
		return 12
	case 600:
		return 24
	}
	return 0
}

// New lays out a label for content. It fails, saying the size needed,
// rather than shrink the code below minModule dots per module.
func New(content string, spec Spec) (*Label, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	dpmm := dotsPerMM(spec.DPI)
	qr, err := NewQR(content, spec.Level)
	if err != nil {
		return nil, err
	}
	l := &Label{
		Spec:      spec,
		QR:        qr,
		DotsPerMM: dpmm,
		Width:     int(math.Round(spec.WidthMM * float64(dpmm))),
		Height:    int(math.Round(spec.HeightMM * float64(dpmm))),
	}
	box := qr.Reserved + 8 // with the quiet zone
	short := min(l.Width, l.Height)
	l.Module = min(maxModule, short/box)
	if l.Module < minModule {
		need := float64(box*minModule) / float64(dpmm)
		return nil, fmt.Errorf("%w: %d×%d modules with quiet zone need %.1f mm at %d dots per module, the label is %gx%g mm: use --size %.0fx%.0f or larger, or a lower --ec",
			ErrNoFit, box, box, need, minModule, spec.WidthMM, spec.HeightMM, math.Ceil(max(need, spec.WidthMM)), math.Ceil(max(need, spec.HeightMM)))
	}
	side := box * l.Module
	margin := (short - side) / 2
	l.QRX, l.QRY = margin+4*l.Module, margin+4*l.Module
	if len(spec.Text) == 0 {
		return l, nil
	}
	// Text goes beside the code on a landscape label, below it otherwise,
	// keeping 1 mm from the edges.
	edge := max(margin, dpmm)
	area := textArea{x: margin + side, y: edge, w: l.Width - margin - side - edge, h: l.Height - 2*edge}
	if l.Width < l.Height {
		area = textArea{x: edge, y: margin + side, w: l.Width - 2*edge, h: l.Height - margin - side - edge}
	}
	if err := l.layText(area); err != nil {
		return nil, err
	}
	return l, nil
}

type textArea struct{ x, y, w, h int }

// Text size limits in tenths of a millimetre: 1.5 mm is about the smallest
// a thermal printer renders legibly.
const (
	minFontTenthMM = 15
	maxFontTenthMM = 40
)

// charWidth is the advance of one character at font height h dots, for
// every format: the built-in bitmap font is 7/13 of its height wide and the
// printers' fonts are narrower than that.
func charWidth(h int) int { return (h*7 + 12) / 13 }

// layText picks the largest font size at which the lines fit unwrapped,
// else the largest at which they fit wrapped.
func (l *Label) layText(a textArea) error {
	minH, maxH := minFontTenthMM*l.DotsPerMM/10, maxFontTenthMM*l.DotsPerMM/10
	for _, wrapping := range []bool{false, true} {
		for h := maxH; h >= minH; h-- {
			pitch := h * 5 / 4
			perLine := a.w / charWidth(h)
			if perLine < 1 {
				break
			}
			lines := l.Text
			if wrapping {
				lines = wrap(lines, perLine)
			} else if longest(lines) > perLine {
				continue
			}
			if len(lines)*pitch > a.h {
				continue
			}
			y := a.y + (a.h-len(lines)*pitch)/2
			for i, s := range lines {
				l.Lines = append(l.Lines, TextLine{X: a.x, Y: y + i*pitch, Text: s})
			}
			l.FontSize = h
			return nil
		}
	}
	return fmt.Errorf("%w: %d lines in %.1fx%.1f mm beside or below the code at %.1f mm text height: use fewer or shorter --text lines, a larger --size, or --text '' for a code alone",
		ErrTextFit, len(l.Text), float64(max(0, a.w))/float64(l.DotsPerMM), float64(max(0, a.h))/float64(l.DotsPerMM), float64(minFontTenthMM)/10)
}

func longest(lines []string) int {
	n := 0
	for _, s := range lines {
		n = max(n, utf8.RuneCountInString(s))
	}
	return n
}

// wrap breaks lines into pieces of at most n characters.
func wrap(lines []string, n int) []string {
	var out []string
	for _, s := range lines {
		for utf8.RuneCountInString(s) > n {
			cut := 0
			for i := 0; i < n; i++ {
				_, size := utf8.DecodeRuneInString(s[cut:])
				cut += size
			}
			out = append(out, s[:cut])
			s = s[cut:]
		}
		out = append(out, s)
	}
	return out
}
