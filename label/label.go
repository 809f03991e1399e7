package label

import (
	"errors"
	"fmt"
	"math"
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
	// FontSize is the text height in dots, the same in every format: a
	// whole multiple of the PNG font's cell, at least MinTextHeightMM.
	FontSize int
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

// New lays out a label for content (see layout.go). It fails, saying the
// size needed, rather than shrink the code below minModule dots per module
// or the text below MinTextHeightMM.
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
	if len(spec.Text) == 0 {
		if err := l.placeCodeAlone(box); err != nil {
			return nil, err
		}
		return l, nil
	}
	text := newTextShape(spec.Text)
	a := arrange(box, text, l.Width, l.Height, dpmm)
	if a == nil {
		if min(l.Width, l.Height) < box*minModule {
			return nil, l.noFit(box, text)
		}
		return nil, l.textFit(box, text)
	}
	l.place(a, text, box)
	return l, nil
}
