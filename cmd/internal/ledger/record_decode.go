package ledger

import "unicode/utf8"

// decodeWire decodes the common form of a record line, the one this
// package writes, without reflection: at a million records encoding/json's
// decoding was most of a cold start. It accepts only a strict subset of
// JSON whose meaning is plain (known keys spelt exactly, each at most once,
// strings without escapes and valid UTF-8, no null); for anything else it
// returns false and the caller decodes with encoding/json, the reference.
// So the result is always encoding/json's (FuzzDecodeWire checks it).
func decodeWire(line []byte, c *decodeCache) (w wireRecord, ok bool) {
	d := wireDecoder{b: line}
	if !d.object(func(key []byte) (uint, bool) {
		switch string(key) {
		case "time":
			raw, ok := d.rawString()
			// time.Time's own decoding, as encoding/json calls it.
			return 0, ok && w.Time.UnmarshalJSON(raw) == nil
		case "event":
			raw, ok := d.rawString()
			if !ok {
				return 1, false
			}
			switch text := raw[1 : len(raw)-1]; string(text) { // the common values need no copy
			case string(EventBind):
				w.Event = EventBind
			case string(EventReplace):
				w.Event = EventReplace
			case string(EventUnbind):
				w.Event = EventUnbind
			default:
				w.Event = Event(text)
			}
			return 1, true
		case "station":
			return 2, d.strReusing(&w.Station, c.station())
		case "operator":
			return 3, d.strReusing(&w.Operator, c.operator())
		case "product_serial":
			return 4, d.strTo(&w.Product)
		case "gtin":
			return 5, d.strTo(&w.GTIN)
		case "identity":
			return 6, d.attrs(&w.Device)
		case "identity_hash":
			return 7, d.strTo(&w.DeviceHash)
		case "previous_identity":
			return 8, d.attrs(&w.PreviousDevice)
		case "previous_identity_hash":
			return 9, d.strTo(&w.PreviousDeviceHash)
		case "previous_product_serial":
			return 10, d.strTo(&w.PreviousProduct)
		case "reason":
			return 11, d.strTo(&w.Reason)
		case "idempotency_key":
			return 12, d.strTo(&w.IdempotencyKey)
		}
		return 0, false
	}) {
		return wireRecord{}, false
	}
	d.space()
	if d.i != len(d.b) {
		return wireRecord{}, false
	}
	return w, true
}

// decodeCache holds the station and operator of the last record a
// goroutine decoded: the next record has them too, most often, and then
// shares their strings instead of allocating its own.
type decodeCache struct{ lastStation, lastOperator string }

func (c *decodeCache) station() *string {
	if c == nil {
		return nil
	}
	return &c.lastStation
}

func (c *decodeCache) operator() *string {
	if c == nil {
		return nil
	}
	return &c.lastOperator
}

type wireDecoder struct {
	b []byte
	i int
}

func (d *wireDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *wireDecoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// object reads {"key": value, ...}, calling field with each key to read
// its value; field returns the key's number, and a key seen twice is
// refused (encoding/json's merging of repeated keys is left to it).
func (d *wireDecoder) object(field func(key []byte) (uint, bool)) bool {
	if !d.byte('{') {
		return false
	}
	if d.byte('}') {
		return true
	}
	var seen uint32
	for {
		raw, ok := d.rawString()
		if !ok || !d.byte(':') {
			return false
		}
		d.space()
		n, ok := field(raw[1 : len(raw)-1])
		if !ok || seen&(1<<n) != 0 {
			return false
		}
		seen |= 1 << n
		if d.byte('}') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

// rawString returns a string token, quotes included, if it needs no
// decoding: no escapes, no control bytes, valid UTF-8.
func (d *wireDecoder) rawString() ([]byte, bool) {
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	start := d.i
	ascii := true
	for j := d.i + 1; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			raw := d.b[start:d.i]
			if !ascii && !utf8.Valid(raw) {
				return nil, false
			}
			return raw, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

func (d *wireDecoder) str() (string, bool) {
	raw, ok := d.rawString()
	if !ok {
		return "", false
	}
	return string(raw[1 : len(raw)-1]), true
}

// strReusing reads a string into s, taking *last when it is the same
// text and making it the new last otherwise (last may be nil).
func (d *wireDecoder) strReusing(s, last *string) bool {
	raw, ok := d.rawString()
	if !ok {
		return false
	}
	text := raw[1 : len(raw)-1]
	if last != nil && string(text) == *last {
		*s = *last
		return true
	}
	*s = string(text)
	if last != nil {
		*last = *s
	}
	return true
}

func (d *wireDecoder) strTo(s *string) bool {
	v, ok := d.str()
	*s = v
	return ok
}

// attrs reads an identity list; [] is an empty list, as encoding/json
// makes it.
func (d *wireDecoder) attrs(out *[]wireAttr) bool {
	if !d.byte('[') {
		return false
	}
	list := []wireAttr{}
	if d.byte(']') {
		*out = list
		return true
	}
	for {
		var a wireAttr
		if !d.object(func(key []byte) (uint, bool) {
			switch string(key) {
			case "key":
				return 0, d.strTo(&a.Key)
			case "value":
				return 1, d.strTo(&a.Value)
			case "value_pct":
				return 2, d.strTo(&a.ValuePct)
			}
			return 0, false
		}) {
			return false
		}
		list = append(list, a)
		if d.byte(']') {
			*out = list
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}
