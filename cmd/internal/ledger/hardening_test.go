package ledger

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// replaceFile replaces name by a new file with data, as cp + mv or an
// editor does: a new inode at the path.
func replaceFile(t *testing.T, name string, data []byte) {
	t.Helper()
	tmp := name + ".edit"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

func mustOpen(t *testing.T, name string) *Ledger { return mustOpenWith(t, Open, name) }

func mustOpenWith(t *testing.T, open func(string) (*Ledger, error), name string) *Ledger {
	t.Helper()
	l, err := open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// TestReplacedLedger: two stations share a ledger that is replaced under
// them; neither may keep appending to the orphaned file. A folded ledger
// (OpenFolded) checks by fingerprints what a full one checks by records.
func TestReplacedLedger(t *testing.T) {
	for name, open := range map[string]func(string) (*Ledger, error){"full": Open, "folded": OpenFolded} {
		t.Run(name, func(t *testing.T) { testReplacedLedger(t, open) })
	}
}

func testReplacedLedger(t *testing.T, open func(string) (*Ledger, error)) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	a, b := mustOpenWith(t, open, name), mustOpenWith(t, open, name)
	if _, err := appendBind(t, a, bindReq("P1", 1, false)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(name)
	replaceFile(t, name, data) // same contents, new inode (sed -i)

	// b sees P1 in the new file and refuses a second binding of it.
	var conflict *ConflictError
	if _, err := appendBind(t, b, bindReq("P1", 2, false)); !errors.As(err, &conflict) {
		t.Fatalf("bind of P1 on the other station after the replace: %v, want a conflict", err)
	}
	// a's next record goes to the file at the path, not the orphan.
	if _, err := appendBind(t, a, bindReq("P2", 2, false)); err != nil {
		t.Fatal(err)
	}
	s, err := Load(name)
	if err != nil || len(s.Records) != 2 {
		t.Fatalf("the ledger at the path holds %v records, %v; want both", len(s.Records), err)
	}

	// A replacement that lost a confirmed record is refused.
	lines := bytes.SplitAfter(data, []byte("\n"))
	replaceFile(t, name, lines[0]) // the header only
	for range 2 {                  // and stays refused
		if _, err := appendBind(t, a, bindReq("P3", 3, false)); !errors.Is(err, ErrLostRecords) {
			t.Errorf("append after records were lost: %v, want ErrLostRecords", err)
		}
	}
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	if _, err := appendBind(t, b, bindReq("P3", 3, false)); !errors.Is(err, ErrGone) {
		t.Errorf("append after the ledger was deleted: %v, want ErrGone", err)
	}
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a deleted ledger was created again: %v", err)
	}
}

// TestDamagedLineBlocks: a damaged complete line may have been a binding,
// so nothing is decided until it is repaired; a repair record acknowledges
// exactly those bytes.
func TestDamagedLineBlocks(t *testing.T) {
	good := func(product string, dev int) []byte {
		b, err := Record{Time: time.Unix(1e9, 0), Event: EventBind, Station: "s", Operator: "o", Product: product, Device: device(dev)}.line()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	header := headerLine(time.Unix(1e9, 0))
	tests := map[string][]byte{
		"garbage line":       []byte("hello\n"),
		"edited hash":        bytes.Replace(good("P1", 1), []byte(`"identity_hash":"`), []byte(`"identity_hash":"0`), 1),
		"second header":      header,
		"bad repair record":  []byte(`{"hwident_repair":[],"time":"2026-01-01T00:00:00Z"}` + "\n"),
		"fragment not first": []byte("x{\"time\":\x1a\n"),
	}
	for what, bad := range tests {
		t.Run(what, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "ledger.jsonl")
			data := append(append(append(bytes.Clone(header), good("P0", 9)...), bad...), good("P2", 2)...)
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
			l := mustOpen(t, name)
			if bl := l.State().Blocking(); len(bl) != 1 || bl[0].Line != 3 || bl[0].Offset != int64(len(header)+len(good("P0", 9))) {
				t.Fatalf("blocking damage %+v, want line 3 at its offset", bl)
			}
			for _, plan := range []func(s *State) (Record, error){
				func(s *State) (Record, error) { return s.PlanBind(bindReq("P1", 1, false)) },
				func(s *State) (Record, error) { return s.PlanBind(bindReq("P1", 1, true)) },
				func(s *State) (Record, error) { return s.PlanUnbind("s", "o", "P2", nil) },
			} {
				if _, err := l.Append(plan); !errors.Is(err, ErrDamaged) {
					t.Errorf("decision on a damaged ledger: %v, want ErrDamaged", err)
				}
			}
			fixed, err := l.Repair("s", "o")
			if err != nil || len(fixed) != 1 {
				t.Fatalf("repair: %v, %v", fixed, err)
			}
			if _, err := l.Repair("s", "o"); !errors.Is(err, ErrNothingToRepair) {
				t.Errorf("second repair: %v, want ErrNothingToRepair", err)
			}
			if _, err := appendBind(t, l, bindReq("P1", 1, false)); err != nil {
				t.Fatalf("bind after repair: %v", err)
			}
			after, _ := os.ReadFile(name)
			if !bytes.HasPrefix(after, data) {
				t.Fatal("repair changed what was in the ledger; it may only append")
			}
			// Editing the acknowledged line again makes it damaged again.
			edited := bytes.Clone(after)
			edited[len(header)+len(good("P0", 9))] ^= 1
			replaceFile(t, name, edited)
			if s, err := Load(name); err != nil || len(s.Blocking()) != 1 {
				t.Errorf("after editing the repaired line: %v, %v; want it blocking again", s.Blocking(), err)
			}
		})
	}
}

// A crash fragment, once ended by the next append, never blocks.
func TestFragmentDoesNotBlock(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	l := mustOpen(t, name)
	appendBind(t, l, bindReq("P1", 1, false))
	f, _ := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2026-11-23T`)
	f.Close()
	for _, p := range []string{"P2", "P3"} {
		if _, err := appendBind(t, l, bindReq(p, len(p)+int(p[1]), false)); err != nil {
			t.Fatalf("bind %s after a crash fragment: %v", p, err)
		}
	}
}

// TestNotALedger: only a ledger (with the header, or an older one starting
// with a record) or an empty or new file is opened; anything else is left
// alone.
func TestNotALedger(t *testing.T) {
	rec, _ := Record{Time: time.Unix(1e9, 0), Event: EventBind, Station: "s", Operator: "o", Product: "P1", Device: device(1)}.line()
	tests := []struct {
		name, data string
		want       error // nil: opens
		headerless bool
	}{
		{"text file", "# notes\nhello\n", ErrNotLedger, false},
		{"other JSON lines", `{"a":1}` + "\n", ErrNotLedger, false},
		{"blank first line", "\n" + string(rec), ErrNotLedger, false},
		{"newer format", `{"hwident_ledger":2,"created":"2030-01-01T00:00:00Z"}` + "\n", ErrNewerVersion, false},
		{"damaged header", `{"hwident_ledger":"x"}` + "\n", ErrNotLedger, false},
		{"older ledger", string(rec), nil, true},
		{"empty file", "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "ledger.jsonl")
			os.WriteFile(name, []byte(tt.data), 0o644)
			l, err := Open(name)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Errorf("Open: %v, want %v", err, tt.want)
				}
				if got, _ := os.ReadFile(name); string(got) != tt.data {
					t.Errorf("the file was changed to %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if l.State().Headerless != tt.headerless {
				t.Errorf("headerless %v, want %v", l.State().Headerless, tt.headerless)
			}
			if _, err := appendBind(t, l, bindReq("P2", 2, false)); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(name)
			if tt.headerless != !isHeader(got) || !bytes.Contains(got, []byte(tt.data)) {
				t.Errorf("ledger now %q", got)
			}
		})
	}
}

func TestNewLedgerHasHeader(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	mustOpen(t, name)
	got, _ := os.ReadFile(name)
	if !isHeader(got) || bytes.Count(got, []byte("\n")) != 1 || checkHeader(got[:len(got)-1]) != nil {
		t.Errorf("a new ledger holds %q, want the header line", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(name))
	if len(entries) != 1 {
		t.Errorf("creating left %d files, want the ledger alone", len(entries))
	}
}

func TestLedgerFIFORefused(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ledger.jsonl")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(name); err == nil {
		t.Error("a FIFO opened as a ledger")
	}
	if _, err := Load(name); err == nil {
		t.Error("a FIFO loaded as a ledger")
	}
}

// FuzzParseLines: any bytes fold without a panic; every complete line is a
// record, a header, a repair record or reported damage, at its offset.
func FuzzParseLines(f *testing.F) {
	rec, _ := Record{Time: time.Unix(1e9, 0), Event: EventBind, Station: "s", Operator: "o", Product: "P1", Device: device(1)}.line()
	rep, _ := Repair{Time: time.Unix(1e9, 0), Operator: "o", Lines: []RepairedLine{{Line: 2, Offset: 5, SHA256: "ab"}}}.line()
	f.Add(append(append(headerLine(time.Unix(1e9, 0)), rec...), rep...))
	f.Add(append(bytes.Clone(rec), "x\x1a\n{\"time\":\x1a\n"...))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newState(false)
		lines, used, err := s.parseLines(data, 0, 1)
		if err != nil {
			if !errors.Is(err, ErrNotLedger) && !errors.Is(err, ErrNewerVersion) {
				t.Fatalf("error %v is neither ErrNotLedger nor ErrNewerVersion", err)
			}
			return
		}
		if used > len(data) || bytes.Count(data[:used], []byte("\n")) != lines {
			t.Fatalf("used %d bytes, %d lines", used, lines)
		}
		if len(s.Records)+len(s.Damage)+len(s.Repairs) > lines {
			t.Fatalf("%d records, %d damaged, %d repairs from %d lines", len(s.Records), len(s.Damage), len(s.Repairs), lines)
		}
		for _, d := range s.Damage {
			if d.Offset < 0 || d.Offset >= int64(used) || (d.Offset > 0 && data[d.Offset-1] != '\n') {
				t.Fatalf("damage at offset %d, not a line start", d.Offset)
			}
		}
	})
}
