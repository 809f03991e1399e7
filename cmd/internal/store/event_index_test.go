package store

import (
	"slices"
	"testing"
)

func TestEventIndex(t *testing.T) {
	x := newEventIndex(0)
	for i, k := range []string{"a", "b", "a", "c", "a", "b"} {
		x.add(k, i)
	}
	for _, tc := range []struct {
		key  string
		want []int
	}{
		{"a", []int{0, 2, 4}},
		{"b", []int{1, 5}},
		{"c", []int{3}},
		{"d", nil},
	} {
		if got := x.appendTo(nil, tc.key); !slices.Equal(got, tc.want) {
			t.Errorf("events of %q: %v, want %v", tc.key, got, tc.want)
		}
	}
	if got := x.appendTo([]int{9}, "c"); !slices.Equal(got, []int{9, 3}) {
		t.Errorf("appendTo keeps what it is given: %v", got)
	}
}
