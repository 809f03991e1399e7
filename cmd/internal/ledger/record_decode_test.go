package ledger

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/hwident/hwident/identity"
)

// decodeWireSeeds are lines of this package's writer and variants of them.
func decodeWireSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, r := range []Record{
		{Time: time.Unix(1e9, 0), Event: EventBind, Station: "s", Operator: "o", Product: "P", Device: device(7)},
		{Time: time.Unix(1e9, 5), Event: EventReplace, Station: "st ä", Operator: "o", Product: "P", GTIN: "09506000134352", Device: device(8),
			PreviousDevice: device(7), PreviousProduct: "Q", Reason: "swap", IdempotencyKey: "k-1"},
		{Time: time.Unix(2e9, 123456789), Event: EventUnbind, Station: "a&b<c>", Operator: `q"uote\`, Product: "P",
			Device: identity.Identity{{Key: "raw", Value: "\xff\x00"}, {Key: "mac", Value: "aa"}}},
	} {
		b, err := r.line()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b[:len(b)-1])
	}
	return append(out,
		[]byte(`{"event":"bind","identity":[{"key":"mac","value":"02:00:00:00:00:01"}],"identity_hash":"x","operator":"b","product_serial":"P","station":"b","time":"2026-12-01T12:00:00Z"}`),
		[]byte(` { "time" : "2026-12-01T12:00:00.5+01:00" , "identity" : [ ] , "previous_identity":[{"key":"k","value":"","value_pct":"%ff"}] } `),
		[]byte(`{"time":"2026-12-01T12:00:00Z","time":"2026-12-01T12:00:01Z"}`),
		[]byte(`{"Time":"2026-12-01T12:00:00Z","station":null}`),
		[]byte(`{"time":"2026-12-01T24:00:00Z"}`),
		[]byte(`{"identity":[{"key":"a"},]}`),
		[]byte(`{}x`),
		[]byte(`{}`),
	)
}

// FuzzDecodeWire: the fast decoder agrees with encoding/json, the
// reference, on every input it accepts (it declines the rest, which
// parseRecord then gives to encoding/json).
func FuzzDecodeWire(f *testing.F) {
	for _, s := range decodeWireSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		got, ok := decodeWire(line, nil)
		if !ok {
			return
		}
		var want wireRecord
		if err := json.Unmarshal(line, &want); err != nil {
			t.Fatalf("decodeWire accepted %q, encoding/json refuses it: %v", line, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeWire(%q) = %+v, encoding/json %+v", line, got, want)
		}
		// With a cache, as the parallel read uses it: the same, twice.
		var c decodeCache
		for range 2 {
			if got, ok := decodeWire(line, &c); !ok || !reflect.DeepEqual(got, want) {
				t.Fatalf("decodeWire(%q) with a cache = %+v, %v; encoding/json %+v", line, got, ok, want)
			}
		}
	})
}

// TestDecodeWireReadsOwnLines: the lines this package writes take the fast
// path unless they need escapes; the others still parse (by encoding/json).
func TestDecodeWireReadsOwnLines(t *testing.T) {
	seeds := decodeWireSeeds(t)
	for i, line := range seeds[:3] {
		_, ok := decodeWire(line, nil)
		if wantFast := i < 2; ok != wantFast {
			t.Errorf("decodeWire(%s) fast = %v, want %v", line, ok, wantFast)
		}
		if _, err := parseRecord(line); err != nil {
			t.Errorf("parseRecord(%s): %v", line, err)
		}
	}
	if _, ok := decodeWire(seeds[3], nil); !ok {
		t.Errorf("decodeWire declined the line of json.Marshal over a map (keys sorted): %s", seeds[3])
	}
}
