package payload

import "testing"

// TestSymbolValue checks symbolValue and escapeSymOf for every byte
// against tables built the way the codec defines them.
func TestSymbolValue(t *testing.T) {
	var values, escapes [256]int
	for i := range values {
		values[i], escapes[i] = -1, -1
	}
	for v := 0; v < len(alphabet); v++ {
		c := alphabet[v]
		values[c] = v
		if c >= 'A' {
			values[c+'a'-'A'] = v
		}
	}
	values['I'], values['i'], values['O'], values['o'] = 1, 1, 0, 0
	for s, c := range escapeChars {
		if c != 0 {
			escapes[c] = s
		}
	}
	for c := range 256 {
		if got := symbolValue(byte(c)); got != values[c] {
			t.Errorf("symbolValue(%q) = %d, want %d", c, got, values[c])
		}
		if got := escapeSymOf(byte(c)); got != escapes[c] {
			t.Errorf("escapeSymOf(%q) = %d, want %d", c, got, escapes[c])
		}
	}
}
