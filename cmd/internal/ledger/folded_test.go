package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestFoldedMatchesFull: a ledger opened with OpenFolded answers every
// question of the index as a full read does, and reads back the same
// records; an in-place edit of a line is noticed when it is read back.
func TestFoldedMatchesFull(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	l := mustOpen(t, name)
	var products []string
	for i := range 300 {
		p := fmt.Sprintf("P%03d", i%120)
		products = append(products, p)
		req := bindReq(p, i%97, i%3 == 0)
		if _, err := l.Append(func(s *State) (Record, error) {
			rec, err := s.PlanBind(req)
			rec.IdempotencyKey = fmt.Sprint("k", i%50)
			return rec, err
		}); err != nil && !isConflict(err) && !errors.Is(err, ErrAlreadyBound) {
			t.Fatal(err)
		}
		if i%11 == 0 {
			if _, err := l.Append(func(s *State) (Record, error) { return s.PlanUnbind("st", "op", p, nil) }); err != nil && !errors.Is(err, ErrNotBound) {
				t.Fatal(err)
			}
		}
	}
	full, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	fl := mustOpenWith(t, OpenFolded, name)
	folded := fl.State()
	if folded.Len() != full.Len() || full.Len() != len(full.Records) || len(folded.Records) != 0 || full.Len() < 200 {
		t.Fatalf("folded holds %d records (%d kept), full %d", folded.Len(), len(folded.Records), full.Len())
	}
	for i, want := range full.Records {
		got, err := fl.Record(i)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Record(%d) = %+v, %v; want %+v", i, got, err, want)
		}
		if k := want.IdempotencyKey; k != "" {
			gi, gok := folded.ByIdempotencyKey(k)
			wi, wok := full.ByIdempotencyKey(k)
			if gi != wi || gok != wok {
				t.Fatalf("key %s: folded %d, full %d", k, gi, wi)
			}
		}
		for _, h := range []string{want.DeviceHash(), want.PreviousDeviceHash()} {
			if !reflect.DeepEqual(folded.DeviceEvents(h), full.DeviceEvents(h)) {
				t.Fatalf("device %s: events differ", h)
			}
			gp, gok := folded.BoundProduct(h)
			wp, wok := full.BoundProduct(h)
			if gp != wp || gok != wok {
				t.Fatalf("device %s: bound to %q, full %q", h, gp, wp)
			}
		}
	}
	for _, p := range products {
		if !reflect.DeepEqual(folded.ProductEvents(p), full.ProductEvents(p)) {
			t.Fatalf("product %s: events differ", p)
		}
		gi, gok := folded.BoundBy(p)
		wi, wok := full.BoundBy(p)
		if gi != wi || gok != wok {
			t.Fatalf("product %s: bound by %d, full %d", p, gi, wi)
		}
	}
	if !reflect.DeepEqual(folded.BoundPositions(), full.BoundPositions()) {
		t.Fatal("bound positions differ")
	}

	// An edit in place (same length, other product) is refused when read.
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	at := folded.lines[5].off
	i := int(at) + bytes.Index(data[at:], []byte(`"product_serial":"P`)) + len(`"product_serial":"P`)
	data[i] = 'X'
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(data[i:i+1], int64(i)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := fl.Record(5); !errors.Is(err, ErrChanged) {
		t.Errorf("record edited in place: %v, want ErrChanged", err)
	}
}

func isConflict(err error) bool {
	var c *ConflictError
	return errors.As(err, &c)
}
