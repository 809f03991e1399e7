package labelbatch

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/identity"
)

// parseJSONLines reads one JSON object per line, keys in attribute order,
// each value a string or a list of strings. It parses just that subset of
// JSON by hand: encoding/json costs the device build more than its whole
// remaining budget (docs/size.md).
func parseJSONLines(data []byte) ([]identity.Identity, error) {
	var ids []identity.Identity
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, MaxRecord+1) // the +1 holds the newline
	n := 1
	for ; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		id, err := parseJSONObject(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		ids = append(ids, id)
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, fmt.Errorf("line %d: %w: more than %s", n, ErrRecordTooLong, cli.SizeName(MaxRecord))
	}
	return ids, sc.Err()
}

// errJSONObject is what any line that is not such an object gets.
var errJSONObject = errors.New(`want one JSON object per line, keys mapping to a string or a list of strings, e.g. {"mac":"aa:bb:cc:dd:ee:ff"}`)

// jsonLine is the unread rest of one line.
type jsonLine []byte

func (p *jsonLine) skipSpace() {
	for len(*p) > 0 && ((*p)[0] == ' ' || (*p)[0] == '\t' || (*p)[0] == '\r' || (*p)[0] == '\n') {
		*p = (*p)[1:]
	}
}

// consume skips white space and then c, if c is next.
func (p *jsonLine) consume(c byte) bool {
	p.skipSpace()
	if len(*p) > 0 && (*p)[0] == c {
		*p = (*p)[1:]
		return true
	}
	return false
}

func parseJSONObject(line []byte) (identity.Identity, error) {
	p := jsonLine(line)
	if !p.consume('{') {
		return nil, errJSONObject
	}
	var id identity.Identity
	for first := true; !p.consume('}'); first = false {
		if !first && !p.consume(',') {
			return nil, errJSONObject
		}
		key, ok := p.str()
		if !ok || !p.consume(':') {
			return nil, errJSONObject
		}
		if !identity.ValidKey(key) {
			return nil, fmt.Errorf("invalid key %s: use only a-z, 0-9, '_', '.' and '-'", identity.Quote(key))
		}
		values, ok := p.values()
		if !ok {
			return nil, fmt.Errorf("key %s: want a string or a list of strings", key)
		}
		for _, v := range values {
			attr, err := batchValue(key, v)
			if err != nil {
				return nil, err
			}
			id = append(id, attr)
		}
	}
	if p.skipSpace(); len(p) > 0 {
		return nil, errJSONObject
	}
	if len(id) == 0 {
		return nil, errors.New("empty object")
	}
	return id, nil
}

// values reads a string or a list of strings.
func (p *jsonLine) values() ([]string, bool) {
	if !p.consume('[') {
		s, ok := p.str()
		return []string{s}, ok
	}
	var list []string
	for first := true; !p.consume(']'); first = false {
		if !first && !p.consume(',') {
			return nil, false
		}
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		list = append(list, s)
	}
	return list, true
}

// str reads a JSON string. As encoding/json does, it turns invalid UTF-8
// and unpaired surrogates into U+FFFD.
func (p *jsonLine) str() (string, bool) {
	if !p.consume('"') {
		return "", false
	}
	s := *p
	var b []byte
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			*p = s[i+1:]
			return string(b), true
		case c < 0x20:
			return "", false
		case c == '\\':
			r, n := jsonEscape(s[i:])
			if n == 0 {
				return "", false
			}
			b = utf8.AppendRune(b, r)
			i += n
		default:
			r, n := utf8.DecodeRune(s[i:])
			b = utf8.AppendRune(b, r) // U+FFFD for an invalid byte
			i += n
		}
	}
	return "", false
}

// jsonEscape decodes the escape at the start of s and its length, 0 if it
// is not one.
func jsonEscape(s []byte) (rune, int) {
	if len(s) < 2 {
		return 0, 0
	}
	if i := bytes.IndexByte([]byte(`"\/bfnrt`), s[1]); i >= 0 {
		return rune("\"\\/\b\f\n\r\t"[i]), 2
	}
	r, ok := hex4(s)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex4(s[6:]); ok {
			if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
				return pair, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

// hex4 decodes \uXXXX at the start of s.
func hex4(s []byte) (rune, bool) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
