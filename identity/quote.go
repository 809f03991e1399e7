package identity

import (
	"strconv"
	"unicode/utf8"
)

// QuoteLimit is how many bytes of an outside value Quote keeps: enough to
// recognise a serial number, short enough that a 5 MB value cannot become a
// 5 MB error line.
const QuoteLimit = 64

// Quote returns s for an error message or a terminal: double-quoted, with
// control characters, invalid UTF-8 and invisible format characters escaped
// (strconv.Quote), cut to its first QuoteLimit bytes at a character
// boundary and marked with the full length when it was cut. Every text that
// comes from outside (files, scans, server replies, interface names) goes
// through Quote before it reaches stderr, so it can never drive the terminal.
func Quote(s string) string {
	if len(s) <= QuoteLimit {
		return strconv.Quote(s)
	}
	cut := QuoteLimit
	for cut > QuoteLimit-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// QuoteName is Quote for names a message usually shows bare (a key, a
// source spec, a field): a short one of printable ASCII without spaces or
// quotes is returned as is, anything else as Quote returns it.
func QuoteName(s string) string {
	if s == "" || len(s) > QuoteLimit {
		return Quote(s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\' {
			return Quote(s)
		}
	}
	return s
}
