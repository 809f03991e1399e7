package identity

import "strconv"

// FormatError reports malformed input (Mender lines, a config file, an
// encoded value) at a byte offset or line.
type FormatError struct {
	Line int // 1-based line, 0 when not line oriented
	Off  int // byte offset within the line (or input)
	Msg  string
	Err  error // underlying cause, if any
}

func (e *FormatError) Error() string {
	msg := e.Msg
	switch {
	case e.Err != nil && msg == "":
		msg = e.Err.Error()
	case e.Err != nil:
		msg += ": " + e.Err.Error()
	}
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + msg
	}
	return "offset " + strconv.Itoa(e.Off) + ": " + msg
}

func (e *FormatError) Unwrap() error { return e.Err }
