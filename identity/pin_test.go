package identity

import (
	"errors"
	"slices"
	"testing"
)

func TestPinRoundTrip(t *testing.T) {
	id := Identity{{"mac", "b8:27:eb:01:02:03"}, {"serial", "a\nb%"}}
	b := EncodePin(id)
	got, err := DecodePin(b)
	if err != nil || !slices.Equal(got, id) {
		t.Fatalf("DecodePin = %v, %v; want %v", got, err, id)
	}
	for _, damaged := range [][]byte{b[:len(b)-3], append(slices.Clone(b), "x=y\n"...), b[1:], nil, []byte("mac=b8:27:eb:01:02:03\n")} {
		if _, err := DecodePin(damaged); !errors.Is(err, ErrCorruptPin) {
			t.Errorf("DecodePin(%q) = %v, want ErrCorruptPin", damaged, err)
		}
	}
}
