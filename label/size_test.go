package label_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/hwident/hwident/label"
)

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		w, h float64
		ok   bool
	}{
		{"50x25", 50, 25, true},
		{"38.1x19", 38.1, 19, true},
		{"38.10X19.05", 38.1, 19.05, true},
		{"0x0", 0, 0, true}, // Spec.Check refuses it, not the parser
		{"9999.99x1", 9999.99, 1, true},
		{"10000x1", 0, 0, false},
		{"1.234x5", 0, 0, false},
		{".5x5", 0, 0, false},
		{"5.x5", 5, 5, true},
		{"50", 0, 0, false},
		{"50x", 0, 0, false},
		{"x25", 0, 0, false},
		{"50x25x1", 0, 0, false},
		{"-5x5", 0, 0, false},
		{"5e1x5", 0, 0, false},
		{" 50x25", 0, 0, false},
		{"", 0, 0, false},
	} {
		w, h, err := label.ParseSize(tt.in)
		if tt.ok != (err == nil) || w != tt.w || h != tt.h {
			t.Errorf("ParseSize(%q) = %g, %g, %v; want %g, %g, ok %v", tt.in, w, h, err, tt.w, tt.h, tt.ok)
		}
		if err != nil && !errors.Is(err, label.ErrSize) {
			t.Errorf("ParseSize(%q): %v, not ErrSize", tt.in, err)
		}
	}
}

// FuzzParseSize: what parses is two sides of 0 to 9999.99 mm in steps of
// 0.01, and their own spelling parses back to them.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"50x25", "38.1x19", "9999.99X0", "1.234x5", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, h, err := label.ParseSize(s)
		if err != nil {
			return
		}
		for _, v := range []float64{w, h} {
			if v < 0 || v > 9999.99 || math.Abs(v*100-math.Round(v*100)) > 1e-6 {
				t.Fatalf("ParseSize(%q) = %g, %g", s, w, h)
			}
		}
		w2, h2, err := label.ParseSize(fmt.Sprintf("%.2fx%.2f", w, h))
		if err != nil || w2 != w || h2 != h {
			t.Fatalf("ParseSize(%q) = %g, %g; its spelling gives %g, %g, %v", s, w, h, w2, h2, err)
		}
	})
}
