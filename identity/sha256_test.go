package identity

import (
	"crypto/sha256"
	"strings"
	"testing"
)

func TestSum256(t *testing.T) {
	// Lengths around the padding boundaries (55, 56, 63, 64 bytes) matter most.
	for _, n := range []int{0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000} {
		in := []byte(strings.Repeat("abcdefghij", 100)[:n])
		if got, want := sum256(in), sha256.Sum256(in); got != want {
			t.Errorf("sum256 of %d bytes = %x, want %x", n, got, want)
		}
	}
}

func FuzzSum256(f *testing.F) {
	f.Add([]byte(`{"mac":"aa:bb:cc:dd:ee:ff"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := sum256(b), sha256.Sum256(b); got != want {
			t.Fatalf("sum256(%x) = %x, want %x", b, got, want)
		}
	})
}
