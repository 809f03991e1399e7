package store

// eventIndex maps a key (a product serial or an identity hash) to the
// positions of the events about it, oldest first. Most keys have a single
// event, kept inline in the map; only the later ones go into a list. At a
// million records this halves the file store's index (a slice per key
// costs a 24-byte header and an allocation of its own).
type eventIndex struct {
	first map[string]int
	more  map[string][]int
}

func newEventIndex(n int) eventIndex {
	return eventIndex{first: make(map[string]int, n), more: map[string][]int{}}
}

func (x *eventIndex) add(key string, pos int) {
	if _, ok := x.first[key]; !ok {
		x.first[key] = pos
		return
	}
	x.more[key] = append(x.more[key], pos)
}

// appendTo appends the positions of key's events to out.
func (x *eventIndex) appendTo(out []int, key string) []int {
	if i, ok := x.first[key]; ok {
		out = append(out, i)
	}
	return append(out, x.more[key]...)
}
