package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hwident/hwident/identity"
)

func device(n int) identity.Identity {
	return identity.Identity{
		{Key: "mac", Value: fmt.Sprintf("02:00:00:%02x:%02x:%02x", n>>16&255, n>>8&255, n&255)},
		{Key: "serial", Value: fmt.Sprintf("SN%06d", n)},
	}
}

func bindReq(product string, dev int, replace bool) Request {
	return Request{Station: "st1", Operator: "op", Product: product, Device: device(dev), Replace: replace}
}

func appendBind(t *testing.T, l *Ledger, req Request) (Record, error) {
	t.Helper()
	if l.State().folded {
		byProduct, byDevice := foldedLookups(l)
		return l.Append(func(*State) (Record, error) { return planBind(req, byProduct, byDevice) })
	}
	return l.Append(func(s *State) (Record, error) { return s.PlanBind(req) })
}

func TestRecordLineRoundTrip(t *testing.T) {
	recs := []Record{
		{Time: time.Date(2026, 11, 23, 18, 0, 0, 123e6, time.UTC), Event: EventBind, Station: "st<1>", Operator: "Zoë", Product: "P1", GTIN: "09506000134352", Device: device(1)},
		{Time: time.Date(2026, 11, 23, 18, 0, 1, 0, time.UTC), Event: EventReplace, Station: "st1", Operator: "op", Product: "P1", Device: identity.Identity{{Key: "mac", Value: "a\nb"}, {Key: "mac", Value: "c"}}, PreviousDevice: device(1), PreviousProduct: "P0"},
		{Time: time.Date(2026, 11, 23, 18, 0, 2, 0, time.UTC), Event: EventUnbind, Station: "st1", Operator: "op", Product: "P1", Device: device(2)},
		// A label payload carries any bytes, so a bound identity may hold
		// bytes that are not UTF-8, which JSON strings cannot.
		{Time: time.Date(2026, 11, 23, 18, 0, 3, 0, time.UTC), Event: EventReplace, Station: "st1", Operator: "op", Product: "P2", Device: identity.Identity{{Key: "raw", Value: "\x00\xff%41é"}}, PreviousDevice: identity.Identity{{Key: "sn", Value: "\xfe"}}},
	}
	for _, r := range recs {
		b, err := r.line()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Count(b, []byte("\n")) != 1 || b[len(b)-1] != '\n' {
			t.Fatalf("line %q is not exactly one line", b)
		}
		got, err := parseRecord(b[:len(b)-1])
		if err != nil {
			t.Fatalf("parseRecord(%s): %v", b, err)
		}
		if !got.Time.Equal(r.Time) || got.Event != r.Event || got.Product != r.Product || got.GTIN != r.GTIN ||
			!slices.Equal(got.Device, r.Device) || !slices.Equal(got.PreviousDevice, r.PreviousDevice) ||
			got.PreviousProduct != r.PreviousProduct || got.Station != r.Station || got.Operator != r.Operator {
			t.Errorf("round trip of %+v gave %+v", r, got)
		}
	}
}

func TestParseRecordRejects(t *testing.T) {
	good, err := Record{Time: time.Now(), Event: EventBind, Station: "s", Operator: "o", Product: "P", Device: device(1)}.line()
	if err != nil {
		t.Fatal(err)
	}
	good = good[:len(good)-1]
	tests := map[string][]byte{
		"not JSON":      []byte(`{"time":`),
		"hash mismatch": bytes.Replace(good, []byte(`"identity_hash":"`), []byte(`"identity_hash":"0`), 1),
		"bad event":     bytes.Replace(good, []byte(`"event":"bind"`), []byte(`"event":"steal"`), 1),
		"no product":    bytes.Replace(good, []byte(`"product_serial":"P"`), []byte(`"product_serial":""`), 1),
		"bad key":       bytes.Replace(good, []byte(`"key":"mac"`), []byte(`"key":"MAC"`), 1),
	}
	for name, line := range tests {
		if _, err := parseRecord(line); !errors.Is(err, ErrBadRecord) {
			t.Errorf("%s: parseRecord(%s) error = %v, want ErrBadRecord", name, line, err)
		}
	}
}

func FuzzParseRecord(f *testing.F) {
	for _, r := range []Record{
		{Time: time.Unix(1e9, 0), Event: EventBind, Station: "s", Operator: "o", Product: "P", Device: device(7)},
		{Time: time.Unix(1e9, 5), Event: EventReplace, Station: "s", Operator: "o", Product: "P", Device: device(8), PreviousDevice: device(7), PreviousProduct: "Q"},
	} {
		b, _ := r.line()
		f.Add(b[:len(b)-1])
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := parseRecord(line)
		if err != nil {
			return
		}
		b, err := r.line()
		if err != nil {
			t.Fatalf("record %+v parsed but does not encode: %v", r, err)
		}
		r2, err := parseRecord(b[:len(b)-1])
		if err != nil || !r2.Time.Equal(r.Time) || !slices.Equal(r2.Device, r.Device) || r2.Product != r.Product || r2.Event != r.Event {
			t.Fatalf("re-encoded record %s does not round trip: %+v, %v", b, r2, err)
		}
	})
}

func TestRules(t *testing.T) {
	type step struct {
		req     Request
		want    Event
		wantErr any // error sentinel or *ConflictError
	}
	conflict := &ConflictError{}
	steps := []step{
		{bindReq("P1", 1, false), EventBind, nil},
		{bindReq("P1", 1, false), "", ErrAlreadyBound},
		{bindReq("P1", 1, true), "", ErrAlreadyBound},
		{bindReq("P1", 2, false), "", conflict}, // product bound elsewhere
		{bindReq("P2", 1, false), "", conflict}, // device bound elsewhere
		{bindReq("P2", 2, false), EventBind, nil},
		{bindReq("P1", 3, true), EventReplace, nil}, // module swap in P1: device 1 out
		{bindReq("P3", 1, false), EventBind, nil},   // device 1 is free again
		{bindReq("P3", 2, true), EventReplace, nil}, // device 2 leaves P2, device 1 leaves P3
	}
	l, err := Open(filepath.Join(t.TempDir(), "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i, st := range steps {
		rec, err := appendBind(t, l, st.req)
		switch want := st.wantErr.(type) {
		case nil:
			if err != nil || rec.Event != st.want {
				t.Fatalf("step %d %+v: got %v, %v; want %s", i, st.req, rec.Event, err, st.want)
			}
		case *ConflictError:
			var ce *ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("step %d: error %v, want a conflict", i, err)
			}
		case error:
			if !errors.Is(err, want) {
				t.Fatalf("step %d: error %v, want %v", i, err, want)
			}
		}
	}
	s := l.State()
	if got := len(s.Records); got != 5 {
		t.Errorf("%d records, want 5", got)
	}
	last := s.Records[len(s.Records)-1]
	if !slices.Equal(last.PreviousDevice, device(1)) || last.PreviousProduct != "P2" {
		t.Errorf("last replace recorded previous device %v product %q; want device 1, P2", last.PreviousDevice, last.PreviousProduct)
	}
	want := map[string]int{"P1": 3, "P3": 2}
	bs := s.Bindings()
	if len(bs) != len(want) {
		t.Fatalf("bindings %+v, want %v", bs, want)
	}
	for _, b := range bs {
		if !slices.Equal(b.Device, device(want[b.Product])) {
			t.Errorf("product %s bound to %v, want device %d", b.Product, b.Device, want[b.Product])
		}
	}
	if _, ok := s.ByDevice(device(1).ID()); ok {
		t.Error("device 1 is still bound")
	}
	if h := s.ProductHistory("P2"); len(h) != 2 {
		t.Errorf("P2 history has %d records, want 2 (bind, replace that took its device)", len(h))
	}
	if h := s.DeviceHistory(device(1).ID()); len(h) != 4 {
		t.Errorf("device 1 history has %d records, want 4", len(h))
	}
	// The folded state read back from the file matches.
	loaded, err := Load(l.name)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(loaded.Bindings(), bs, func(a, b Binding) bool { return a.Product == b.Product && a.DeviceHash() == b.DeviceHash() }) {
		t.Errorf("loaded bindings %+v differ from %+v", loaded.Bindings(), bs)
	}
}

func TestUnbind(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := appendBind(t, l, bindReq("P1", 1, false)); err != nil {
		t.Fatal(err)
	}
	unbind := func(product string, dev identity.Identity) error {
		_, err := l.Append(func(s *State) (Record, error) { return s.PlanUnbind("st", "op", product, dev) })
		return err
	}
	if err := unbind("", device(2)); !errors.Is(err, ErrNotBound) {
		t.Errorf("unbind of an unbound device: %v, want ErrNotBound", err)
	}
	if err := unbind("", device(1)); err != nil {
		t.Fatal(err)
	}
	if err := unbind("P1", nil); !errors.Is(err, ErrNotBound) {
		t.Errorf("second unbind: %v, want ErrNotBound", err)
	}
	if _, err := appendBind(t, l, bindReq("P2", 1, false)); err != nil {
		t.Errorf("device 1 should be free after unbind: %v", err)
	}
}

// TestTruncatedAtEveryOffset cuts a ledger at every byte, as a power loss
// might, and checks that every complete line is read and the rest is
// reported as one truncated last line.
func TestTruncatedAtEveryOffset(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.jsonl")
	l, err := Open(full)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if _, err := appendBind(t, l, bindReq(fmt.Sprintf("P%d", i), i, false)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.jsonl")
	for n := 0; n <= len(data); n++ {
		if err := os.WriteFile(cut, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load(cut)
		if err != nil {
			t.Fatalf("cut at %d: %v", n, err)
		}
		lines := bytes.Count(data[:n], []byte("\n"))
		atBoundary := n == 0 || data[n-1] == '\n'
		if len(s.Records) != max(lines-1, 0) || len(s.Damage) != 0 || (s.Truncated != nil) == atBoundary {
			t.Fatalf("cut at %d: %d records, damage %v, truncated %v; want %d records, truncated %v",
				n, len(s.Records), s.Damage, s.Truncated, max(lines-1, 0), !atBoundary)
		}
		if s.Truncated != nil && (s.Truncated.Line != lines+1 || s.Truncated.Offset != int64(bytes.LastIndexByte(data[:n], '\n')+1)) {
			t.Fatalf("cut at %d: truncated line reported as %+v", n, *s.Truncated)
		}
	}
}

func TestAppendAfterTruncatedLine(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	l, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := appendBind(t, l, bindReq("P1", 1, false)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-11-23T`)
	f.Close()

	l, err = Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.State().Truncated == nil {
		t.Fatal("truncated last line not reported")
	}
	if _, err := appendBind(t, l, bindReq("P2", 2, false)); err != nil {
		t.Fatal(err)
	}
	s, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 2 || s.Truncated != nil || len(s.Damage) != 1 || s.Damage[0].Line != 3 || !s.Damage[0].Fragment {
		t.Fatalf("after append: %d records, truncated %v, damage %+v; want 2 records and the fragment as line 3 (after the header and a record)", len(s.Records), s.Truncated, s.Damage)
	}
}

// A crash can cut a record just before its newline: a whole JSON record
// that was never confirmed and that the next append did not plan with. It
// must stay a damaged line, not become a binding.
func TestAppendAfterRecordWithoutNewline(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	unconfirmed, err := Record{Time: time.Now(), Event: EventBind, Station: "s", Operator: "o", Product: "P1", Device: device(1)}.line()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, unconfirmed[:len(unconfirmed)-1], 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := appendBind(t, l, bindReq("P1", 2, false)); err != nil {
		t.Fatal(err)
	}
	s, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := s.ByProduct("P1")
	if len(s.Records) != 1 || len(s.Damage) != 1 || !ok || b.DeviceHash() != device(2).ID() {
		t.Fatalf("%d records, damage %+v, P1 bound to %v; want the one confirmed record and the fragment damaged", len(s.Records), s.Damage, b.Device)
	}
}

func TestShrunkLedgerRefused(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	l, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := appendBind(t, l, bindReq("P1", 1, false)); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(name, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := appendBind(t, l, bindReq("P2", 2, false)); !errors.Is(err, ErrShrunk) {
		t.Errorf("append to a truncated ledger: %v, want ErrShrunk", err)
	}
}

// BenchmarkAppend measures one durable append (write + fsync under flock).
func BenchmarkAppend(b *testing.B) {
	l, err := Open(filepath.Join(b.TempDir(), "ledger.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	for i := 0; b.Loop(); i++ {
		if _, err := l.Append(func(s *State) (Record, error) { return s.PlanBind(bindReq(fmt.Sprintf("P%d", i), i, false)) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad measures reading and folding a ledger of 10000 records,
// what every bind session and status query starts with.
func BenchmarkLoad(b *testing.B) {
	name := filepath.Join(b.TempDir(), "ledger.jsonl")
	var data []byte
	for i := range 10000 {
		line, err := Record{Time: time.Unix(int64(i), 0), Event: EventBind, Station: "st", Operator: "op", Product: fmt.Sprintf("P%d", i), Device: device(i)}.line()
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, line...)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if s, err := Load(name); err != nil || len(s.Records) != 10000 {
			b.Fatal(len(s.Records), err)
		}
	}
}

// identityHash must be identity.ID exactly: it is what records carry.
func TestIdentityHash(t *testing.T) {
	for _, id := range []identity.Identity{
		{{Key: "mac", Value: "02:00:00:00:00:01"}},
		{{Key: "serial", Value: "A"}, {Key: "mac", Value: "x"}, {Key: "mac", Value: "y"}},
		{{Key: "eeprom", Value: "\xff\x00\"\\é"}},
	} {
		if got, want := identityHash(id), id.ID(); got != want {
			t.Errorf("identityHash(%v) = %s, identity.ID = %s", id, got, want)
		}
	}
}
