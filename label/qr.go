// Package label renders one QR model to label formats: ZPL and TSPL for
// thermal printers, PNG and SVG images, and text for terminals. It knows
// nothing about identities: it renders whatever content it is given.
package label

import (
	"errors"
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Level is a QR error-correction level: 'L', 'M', 'Q' or 'H'.
type Level byte

// ErrLevel is returned by ParseLevel for anything but L, M, Q and H.
var ErrLevel = errors.New("error-correction level must be L, M, Q or H")

// ParseLevel parses an error-correction level, in either case.
func ParseLevel(s string) (Level, error) {
	if len(s) == 1 {
		if l := Level(strings.ToUpper(s)[0]); strings.IndexByte("LMQH", byte(l)) >= 0 {
			return l, nil
		}
	}
	return 0, fmt.Errorf("%q: %w", s, ErrLevel)
}

// rank orders the levels from L (0) to H (3); -1 for anything else.
func (l Level) rank() int { return strings.IndexByte("LMQH", byte(l)) }

func (l Level) recovery() (qrcode.RecoveryLevel, bool) {
	switch l {
	case 'L':
		return qrcode.Low, true
	case 'M':
		return qrcode.Medium, true
	case 'Q':
		return qrcode.High, true
	case 'H':
		return qrcode.Highest, true
	}
	return 0, false
}

// QR is the code every format draws: its content, level and modules.
type QR struct {
	Content string
	Level   Level
	// Size is the modules per side, without quiet zone.
	Size int
	// Reserved is the modules per side the layout keeps free for the code:
	// at least Size, and enough for any printer's own encoder (ZPL, TSPL),
	// which may segment the content differently and pick a larger version.
	Reserved int
	code     *qrcode.QRCode
	bits     [][]bool
}

// NewQR encodes content. The modules are computed on first use, so formats
// the printer encodes itself (ZPL, TSPL) never pay for them.
func NewQR(content string, level Level) (*QR, error) {
	rec, ok := level.recovery()
	if !ok {
		return nil, fmt.Errorf("%q: %w", string(level), ErrLevel)
	}
	code, err := qrcode.New(content, rec)
	if err != nil {
		return nil, tooLong(content, level)
	}
	code.DisableBorder = true
	worst, err := qrcode.New(singleSegment(content), rec)
	if err != nil {
		return nil, tooLong(content, level)
	}
	return &QR{
		Content:  content,
		Level:    level,
		Size:     17 + 4*code.VersionNumber,
		Reserved: 17 + 4*max(code.VersionNumber, worst.VersionNumber),
		code:     code,
	}, nil
}

// ErrTooLong means the content does not fit any QR code at the level.
var ErrTooLong = errors.New("content is too long for a QR code")

// tooLong says what would help: a lower level if one holds the content,
// else (the largest code at L holds 2953 bytes, 4296 characters in
// alphanumeric mode) only shorter content.
func tooLong(content string, level Level) error {
	if _, err := qrcode.New(content, qrcode.Low); level.rank() > 0 && err == nil {
		return fmt.Errorf("%d bytes at error-correction level %c: %w: use a lower error-correction level", len(content), level, ErrTooLong)
	}
	return fmt.Errorf("%d bytes: %w even at the lowest error-correction level, L: shorten the content", len(content), ErrTooLong)
}

// singleSegment returns a string of the same length that any encoder has to
// put in one segment of the least compact mode content needs: alphanumeric if
// every byte is in the alphanumeric set, bytes otherwise.
func singleSegment(content string) string {
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	for i := 0; i < len(content); i++ {
		if strings.IndexByte(alnum, content[i]) < 0 {
			return strings.Repeat("a", len(content))
		}
	}
	return strings.Repeat("A", len(content))
}

// Dark reports whether module (x, y) is dark, 0 ≤ x, y < Size.
func (q *QR) Dark(x, y int) bool {
	if q.bits == nil {
		q.bits = q.code.Bitmap()
	}
	return q.bits[y][x]
}
