package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Repair is a repair record: the station and operator who acknowledged
// damaged lines, and which. The damaged bytes stay where they are (the
// ledger is append-only); from this record on they no longer block the
// ledger. A line is named by its offset and the SHA-256 of its bytes, so
// that a later edit of that line makes it damaged again.
type Repair struct {
	Time     time.Time
	Station  string
	Operator string
	Lines    []RepairedLine
}

// RepairedLine names one acknowledged damaged line.
type RepairedLine struct {
	Line   int    `json:"line"` // for people; offset and hash decide
	Offset int64  `json:"offset"`
	SHA256 string `json:"sha256"`
}

const repairPrefix = `{"hwident_repair":`

type wireRepair struct {
	Lines    []RepairedLine `json:"hwident_repair"` // first: the line starts with repairPrefix
	Time     time.Time      `json:"time"`
	Station  string         `json:"station"`
	Operator string         `json:"operator"`
}

func isRepair(line []byte) bool { return bytes.HasPrefix(line, []byte(repairPrefix)) }

func parseRepair(line []byte) (Repair, error) {
	var w wireRepair
	if err := json.Unmarshal(line, &w); err != nil {
		return Repair{}, fmt.Errorf("%w: repair record: %w", ErrBadRecord, err)
	}
	if w.Time.IsZero() || len(w.Lines) == 0 || w.Operator == "" {
		return Repair{}, fmt.Errorf("%w: repair record without time, operator or lines", ErrBadRecord)
	}
	return Repair{Time: w.Time, Station: w.Station, Operator: w.Operator, Lines: w.Lines}, nil
}

func (r Repair) line() ([]byte, error) {
	b, err := json.Marshal(wireRepair{Lines: r.Lines, Time: r.Time.UTC(), Station: r.Station, Operator: r.Operator})
	if err != nil {
		return nil, fmt.Errorf("encode repair record: %w", err)
	}
	return append(b, '\n'), nil
}

// applyRepair marks the damaged lines a repair record names. A repair
// names only lines before it, so they have been read.
func (s *State) applyRepair(r Repair) {
	s.Repairs = append(s.Repairs, r)
	for _, rl := range r.Lines {
		for i := range s.Damage {
			if d := &s.Damage[i]; d.Offset == rl.Offset && d.SHA256 == rl.SHA256 {
				d.Repaired = true
			}
		}
	}
}

// ErrNothingToRepair: Repair found no blocking damage.
var ErrNothingToRepair = errors.New("no damaged lines to repair")

// Repair appends a repair record acknowledging every damaged line that
// blocks the ledger now, and returns them. Use it only once the lines
// cannot be restored: a binding a damaged line held is lost from the
// ledger, and its product or device can be bound again without replace.
func (l *Ledger) Repair(station, operator string) ([]Damage, error) {
	var fixed []Damage
	err := l.locked(true, func() error {
		if err := l.refresh(); err != nil {
			return err
		}
		fixed = l.state.Blocking()
		if len(fixed) == 0 {
			return ErrNothingToRepair
		}
		rep := Repair{Time: time.Now().UTC().Truncate(time.Millisecond), Station: station, Operator: operator}
		for _, d := range fixed {
			rep.Lines = append(rep.Lines, RepairedLine{Line: d.Line, Offset: d.Offset, SHA256: d.SHA256})
		}
		b, err := rep.line()
		if err != nil {
			return err
		}
		return l.write(b)
	})
	return fixed, err
}
