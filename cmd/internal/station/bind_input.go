package station

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"
)

// scanLine is one scan and the byte that ended it. A scan longer than
// maxScan is not kept: text holds its start and tooLong its length.
type scanLine struct {
	text    string
	term    byte
	tooLong int
}

// maxScan bounds one scan; label payloads and URLs are far shorter.
const maxScan = 4096

// readScans sends every scan of r on out, then closes out and sends the
// read error (nil at the end of input) on errc.
func readScans(r io.Reader, tty bool, out chan<- scanLine, errc chan<- error) {
	sc := bufio.NewScanner(r)
	// One byte more than a scan may have: a full buffer without a
	// terminator is a scan too long, which the splitter skips.
	sc.Buffer(make([]byte, 0, 256), maxScan+1)
	split := &scanSplitter{tty: tty}
	sc.Split(split.split)
	for sc.Scan() {
		if split.tooLong > 0 {
			out <- scanLine{text: split.start, term: split.term, tooLong: split.tooLong}
			continue
		}
		text := sc.Text()
		if tty {
			text = applyErase(text)
		}
		out <- scanLine{text: text, term: split.term}
	}
	close(out)
	errc <- sc.Err()
}

// scanSplitter splits input into scans as keyboard-wedge scanners end
// them: CR, LF, CRLF (one terminator) or TAB. On a terminal in scan mode
// the kernel no longer handles ^D, so it ends the input.
type scanSplitter struct {
	tty     bool
	afterCR bool // the last terminator was CR: a LF right after it belongs to it
	term    byte // the terminator of the last token

	// A scan longer than maxScan is skipped up to its terminator: skipped
	// counts its bytes so far, start keeps its first bytes for the
	// message. tooLong is set on the token that ends it (an empty one).
	skipped, tooLong int
	start            string
}

func (s *scanSplitter) split(data []byte, atEOF bool) (int, []byte, error) {
	s.tooLong = 0
	adv, tok, err := s.splitScan(data, atEOF)
	if s.skipped > 0 && (tok != nil || err != nil) {
		// The end of a scan too long: report it as one empty token.
		s.tooLong, s.skipped = s.skipped+len(tok), 0
		return adv, []byte{}, err
	}
	if tok == nil && adv == 0 && len(data) > maxScan {
		// No terminator in a full buffer: skip what is there.
		if s.skipped == 0 {
			s.start = string(data[:64])
		}
		s.skipped += len(data)
		return len(data), nil, nil
	}
	if s.skipped > 0 && atEOF && len(data) == 0 {
		s.tooLong, s.skipped, s.term = s.skipped, 0, 0
		return 0, []byte{}, bufio.ErrFinalToken
	}
	return adv, tok, err
}

func (s *scanSplitter) splitScan(data []byte, atEOF bool) (int, []byte, error) {
	if len(data) == 0 {
		return 0, nil, nil
	}
	// A LF right after a CR is skipped within this call: a nil token at the
	// end of input would stop the Scanner before the scans that follow.
	skip := 0
	if s.afterCR {
		s.afterCR = false
		if data[0] == '\n' {
			skip, data = 1, data[1:]
		}
	}
	terms := "\r\n\t"
	if s.tty {
		terms += "\x04"
	}
	if i := bytes.IndexAny(data, terms); i >= 0 {
		s.term = data[i]
		if data[i] == '\x04' {
			var last []byte // nil: no empty scan after the last one
			if i > 0 {
				last = data[:i]
			}
			return skip + i + 1, last, bufio.ErrFinalToken
		}
		s.afterCR = data[i] == '\r'
		return skip + i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		s.term = 0
		return skip + len(data), data, nil
	}
	return skip, nil, nil
}

// applyErase applies the line editing the terminal no longer does in scan
// mode: DEL or BS erases a character, ^U the whole scan.
func applyErase(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x7f, 0x08:
			if len(b) > 0 {
				_, size := utf8.DecodeLastRune(b)
				b = b[:len(b)-size]
			}
		case 0x15:
			b = b[:0]
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}
