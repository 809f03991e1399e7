package ledger

import (
	"bytes"
	"fmt"
)

// Damage is a ledger line that is not a valid record.
type Damage struct {
	Line      int   // 1-based line number
	Offset    int64 // byte offset of the line in the file
	Truncated bool  // the last line has no newline: a write cut short by a crash or power loss
	Err       error
}

func (d Damage) Error() string {
	if d.Truncated {
		return fmt.Sprintf("line %d (offset %d): truncated last line, an unconfirmed record cut short; it is ignored", d.Line, d.Offset)
	}
	return fmt.Sprintf("line %d (offset %d): %v; it is ignored", d.Line, d.Offset, d.Err)
}

// parseLines reads the complete lines of data, which starts at file offset
// base on line number firstLine. It returns the records, the damaged
// lines, and how many bytes the complete lines take; anything after the
// last newline is left for the caller to report or to read again later.
func parseLines(data []byte, base int64, firstLine int) (recs []Record, damage []Damage, used int) {
	line := firstLine
	for {
		i := bytes.IndexByte(data[used:], '\n')
		if i < 0 {
			return recs, damage, used
		}
		text := data[used : used+i]
		if r, err := parseRecord(text); err != nil {
			damage = append(damage, Damage{Line: line, Offset: base + int64(used), Err: err})
		} else {
			recs = append(recs, r)
		}
		used += i + 1
		line++
	}
}
