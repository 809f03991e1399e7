package ledger

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestLargeLedgerReadsAsSequential checks the fast path of a large read
// (chunks of readChunk, records parsed ahead in parallel batches) against
// folding the same bytes one line at a time: the same records, damage,
// repairs and truncated tail, with lines of every kind at chunk and batch
// boundaries.
func TestLargeLedgerReadsAsSequential(t *testing.T) {
	var b bytes.Buffer
	b.Write(headerLine(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; b.Len() < 2*readChunk+readChunk/2; i++ {
		r := Record{Time: at.Add(time.Duration(i) * time.Millisecond), Event: EventBind, Station: fmt.Sprintf("st%d", i%3), Operator: "op",
			Product: fmt.Sprintf("P%07d", i), Device: device(i)}
		switch {
		case i%5000 == 17:
			r.Event, r.Product = EventUnbind, fmt.Sprintf("P%07d", i-1)
			r.Device = device(i - 1)
		case i%7919 == 3:
			b.WriteString(`{"time":"2026-12-01T12:00:00Z","event":"bind","bad":` + "\n") // damaged
			continue
		case i%10007 == 5:
			b.WriteString(`{"time":"2026-12-01T12:00:00Z","ev` + fragmentEnd) // a crash fragment
		case i == 40000:
			// A repair record acknowledging the first damaged line.
			st := newState(false)
			if _, _, err := st.parseLines(b.Bytes(), 0, 1); err != nil {
				t.Fatal(err)
			}
			d := st.Blocking()[0]
			line, err := Repair{Time: at, Station: "st", Operator: "op", Lines: []RepairedLine{{Line: d.Line, Offset: d.Offset, SHA256: d.SHA256}}}.line()
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
		}
		line, err := r.line()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
	}
	b.WriteString(`{"time":"2026-12-01T12:00:00Z","event":"bi`) // truncated tail
	data := b.Bytes()
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	// A folded ledger reads the same records back, in spans (Records) and
	// one at a time (Record).
	fl := mustOpenWith(t, OpenFolded, name)
	if fl.State().Len() != len(got.Records) {
		t.Fatalf("folded: %d records, full %d", fl.State().Len(), len(got.Records))
	}
	from := 7
	if err := fl.Records(from, len(got.Records), func(i int, r Record) error {
		if i != from || !reflect.DeepEqual(r, got.Records[i]) {
			t.Fatalf("Records: record %d (want %d) = %+v, full read %+v", i, from, r, got.Records[i])
		}
		if i%4099 == 0 {
			if one, err := fl.Record(i); err != nil || !reflect.DeepEqual(one, r) {
				t.Fatalf("Record(%d) = %+v, %v; Records gave %+v", i, one, err, r)
			}
		}
		from++
		return nil
	}); err != nil || from != len(got.Records) {
		t.Fatalf("Records ended at %d of %d: %v", from, len(got.Records), err)
	}

	want := newState(false)
	off, line := 0, 1
	for {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		if err := want.readLine(data[off:off+i], line, int64(off), nil); err != nil {
			t.Fatal(err)
		}
		off += i + 1
		line++
	}
	if len(got.Records) != len(want.Records) || len(got.Damage) != len(want.Damage) || len(want.Damage) < 4 || len(want.Repairs) != 1 {
		t.Fatalf("read %d records, %d damaged, %d repairs; one line at a time: %d, %d, %d", len(got.Records), len(got.Damage), len(got.Repairs), len(want.Records), len(want.Damage), len(want.Repairs))
	}
	for i := range want.Records {
		if !reflect.DeepEqual(got.Records[i], want.Records[i]) {
			t.Fatalf("record %d: %+v, one line at a time %+v", i, got.Records[i], want.Records[i])
		}
	}
	for i := range want.Damage {
		g, w := got.Damage[i], want.Damage[i]
		if g.Line != w.Line || g.Offset != w.Offset || g.Fragment != w.Fragment || g.Repaired != w.Repaired || g.SHA256 != w.SHA256 || fmt.Sprint(g.Err) != fmt.Sprint(w.Err) {
			t.Errorf("damage %d: %+v, one line at a time %+v", i, g, w)
		}
	}
	if !reflect.DeepEqual(got.Repairs, want.Repairs) || !reflect.DeepEqual(got.Bindings(), want.Bindings()) {
		t.Error("repairs or bindings differ from reading one line at a time")
	}
	if got.Truncated == nil || got.Truncated.Line != line || got.Truncated.Offset != int64(off) {
		t.Errorf("truncated tail %+v, want line %d at offset %d", got.Truncated, line, off)
	}
}
