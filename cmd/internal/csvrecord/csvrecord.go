// Package csvrecord reads CSV records from memory exactly as encoding/csv's
// Reader does with its defaults (comma-separated, RFC 4180 quoting, no
// lazy quotes, the first record fixing the number of fields): the same
// records, offsets, lines and error messages (FuzzReader holds it to that).
// It exists for the device build: encoding/csv and the bufio it reads
// through cost it more (their row in docs/size.md), and label --batch reads a file
// already in memory.
package csvrecord

import (
	"bytes"
	"strconv"
)

// Error is the type of the sentinel errors.
type Error string

func (e Error) Error() string { return string(e) }

// The errors, worded as encoding/csv words them.
const (
	ErrBareQuote  = Error(`bare " in non-quoted-field`)
	ErrQuote      = Error(`extraneous or missing " in quoted-field`)
	ErrFieldCount = Error("wrong number of fields")
)

// ParseError is where a record is malformed; Error prints what
// encoding/csv's ParseError prints.
type ParseError struct {
	StartLine, Line, Column int
	Err                     error
}

func (e *ParseError) Error() string {
	at := "parse error on line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": "
	switch {
	case e.Err == ErrFieldCount:
		return "record on line " + strconv.Itoa(e.Line) + ": " + e.Err.Error()
	case e.StartLine != e.Line:
		at = "record on line " + strconv.Itoa(e.StartLine) + "; " + at
	}
	return at + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads the records of data in turn.
type Reader struct {
	data   []byte
	offset int // bytes read
	lines  int // lines read
	fields int // fields per record; 0 until the first record
	start  int // line of the last record's first field
}

// NewReader reads data, which it does not modify.
func NewReader(data []byte) *Reader { return &Reader{data: data} }

// InputOffset is how many bytes of data the records read so far took.
func (r *Reader) InputOffset() int { return r.offset }

// Line is the line on which the last record read starts (encoding/csv's
// FieldPos(0)).
func (r *Reader) Line() int { return r.start }

// readLine returns the next line with its '\n', "\r\n" made "\n", and a
// '\r' just before the end of data dropped; ok is false at the end.
func (r *Reader) readLine() (line []byte, ok bool) {
	r.lines++
	rest := r.data[r.offset:]
	if len(rest) == 0 {
		return nil, false
	}
	n := bytes.IndexByte(rest, '\n') + 1
	if n == 0 {
		n = len(rest)
	}
	line, r.offset = rest[:n], r.offset+n
	switch {
	case line[n-1] == '\r':
		line = line[:n-1]
	case n >= 2 && line[n-1] == '\n' && line[n-2] == '\r':
		line = append(line[:n-2:n-2], '\n')
	}
	return line, true
}

// Read returns the next record, nil and ok false at the end of data. A
// record with a different number of fields than the first is returned
// with an ErrFieldCount error.
func (r *Reader) Read() (record []string, ok bool, err error) {
	line, ok := r.readLine()
	for ok && len(line) == trailingNL(line) {
		line, ok = r.readLine() // empty lines are skipped
	}
	if !ok {
		return nil, false, nil
	}
	recLine := r.lines
	r.start = recLine
	var buf []byte
	var ends []int
	col := 1
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-trailingNL(field)]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return nil, true, &ParseError{recLine, r.lines, col + j, ErrBareQuote}
			}
			buf = append(buf, field...)
			ends = append(ends, len(buf))
			if i < 0 {
				break
			}
			line, col = line[i+1:], col+i+1
			continue
		}
		line, col = line[1:], col+1
		fieldLine := r.lines // where a quote missing at the end is reported
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 && len(line) > 0 { // the field goes on on the next line
				buf = append(buf, line...)
				col += len(line)
				if line, _ = r.readLine(); len(line) > 0 {
					fieldLine, col = fieldLine+1, 1
				}
				continue
			}
			if i < 0 {
				return nil, true, &ParseError{recLine, fieldLine, col, ErrQuote} // the data ends inside the field
			}
			buf = append(buf, line[:i]...)
			line, col = line[i+1:], col+i+1
			if len(line) > 0 && line[0] == '"' { // "" is a quote
				buf = append(buf, '"')
				line, col = line[1:], col+1
				continue
			}
			if len(line) > 0 && line[0] == ',' || len(line) == trailingNL(line) {
				break
			}
			return nil, true, &ParseError{recLine, r.lines, col - 1, ErrQuote}
		}
		ends = append(ends, len(buf))
		if len(line) == trailingNL(line) {
			break
		}
		line, col = line[1:], col+1
	}
	s := string(buf)
	record = make([]string, len(ends))
	prev := 0
	for i, e := range ends {
		record[i], prev = s[prev:e], e
	}
	if r.fields == 0 {
		r.fields = len(record)
	} else if len(record) != r.fields {
		return record, true, &ParseError{StartLine: recLine, Line: recLine, Column: 1, Err: ErrFieldCount}
	}
	return record, true, nil
}

func trailingNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}
