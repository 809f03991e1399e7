package identity

import "strings"

// ParseLines reads identity lines as hwident writes them (key=value, values
// percent-encoded) back into an Identity. It is lenient only where files
// made by hand differ harmlessly: a trailing '\r' and empty lines are
// ignored. Everything else malformed is a *FormatError.
func ParseLines(text string) (Identity, error) {
	var id Identity
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, &FormatError{Line: n + 1, Msg: "missing '=': want key=value"}
		}
		if err := CheckKey(k); err != nil {
			return nil, &FormatError{Line: n + 1, Err: err}
		}
		dv, err := DecodeValue(v)
		if err != nil {
			return nil, &FormatError{Line: n + 1, Off: len(k) + 1 + err.(*FormatError).Off, Msg: err.(*FormatError).Msg}
		}
		id = append(id, Attr{Key: k, Value: dv})
	}
	if len(id) == 0 {
		return nil, ErrEmptyIdentity
	}
	return id, nil
}
