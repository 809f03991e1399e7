package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// Damage is a ledger line that is not a valid record.
type Damage struct {
	Line      int   // 1-based line number
	Offset    int64 // byte offset of the line in the file
	Truncated bool  // the last line has no newline: a write cut short by a crash or power loss
	// Fragment: a record cut short by a crash that a later append ended
	// with the byte 0x1A and a newline. It is expected and never blocks
	// the ledger.
	Fragment bool
	Repaired bool   // acknowledged by a repair record (see Ledger.Repair)
	SHA256   string // of the line's bytes, without its newline
	Err      error
}

func (d Damage) Error() string {
	switch {
	case d.Truncated:
		return fmt.Sprintf("line %d (offset %d): truncated last line, an unconfirmed record cut short; it is ignored", d.Line, d.Offset)
	case d.Fragment:
		return fmt.Sprintf("line %d (offset %d): a record cut short by a crash, never confirmed; it is ignored", d.Line, d.Offset)
	case d.Repaired:
		return fmt.Sprintf("line %d (offset %d): %v; ignored since a repair record acknowledged it", d.Line, d.Offset, d.Err)
	}
	return fmt.Sprintf("line %d (offset %d): %v", d.Line, d.Offset, d.Err)
}

// blocks reports whether the damage keeps the ledger from deciding: a
// complete line that is neither a record nor a crash fragment may have
// been a binding, so the rules cannot know what is bound.
func (d Damage) blocks() bool { return !d.Truncated && !d.Fragment && !d.Repaired }

// ErrDamaged is wrapped by *DamagedError.
var ErrDamaged = errors.New("the ledger has damaged lines")

// DamagedError refuses a decision (bind, replace, unbind) while complete
// lines of the ledger are damaged: one of them may have been a binding
// that the rules would otherwise not see.
type DamagedError struct {
	Name   string
	Damage []Damage // the lines that block, in file order
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("ledger %s: %d damaged line(s), first %v: refusing to bind, replace or unbind until it is repaired (hwident bind verify lists them; restore them from a backup, or acknowledge them with hwident bind repair)", e.Name, len(e.Damage), e.Damage[0])
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// fragmentEnd ends a truncated last line before the next record.
const fragmentEnd = "\x1a\n"

// isFragment reports whether a line is a record cut short that an append
// ended with fragmentEnd: it ends in 0x1A and starts like a JSON object,
// as every line hwident writes does.
func isFragment(line []byte) bool {
	text, ok := bytes.CutSuffix(line, []byte(fragmentEnd[:1]))
	if !ok {
		return false
	}
	const start = `{"`
	n := min(len(text), len(start))
	return bytes.HasPrefix(text, []byte(start[:n])) && !bytes.ContainsRune(text, 0x1a)
}

// readLine folds one complete line (without its newline) into the state.
// Only an unreadable first line is an error: the file is no ledger. pre,
// if not nil, is parseRecord(text) computed ahead (see parseLines).
func (s *State) readLine(text []byte, line int, off int64, pre *parsed) error {
	parse := func() (Record, error) {
		if pre != nil && pre.done {
			return pre.r, pre.err
		}
		return parseRecord(text)
	}
	if line == 1 {
		if isHeader(text) {
			return checkHeader(text)
		}
		// A ledger of an older hwident, from before the header, starts
		// with a record (or with one cut short by a crash). It is read and
		// appended to as it is: appending never rewrites a ledger.
		r, err := parse()
		if err != nil && !isFragment(text) {
			return fmt.Errorf("%w; line 1: %w", ErrNotLedger, err)
		}
		s.Headerless = true
		if err == nil {
			s.apply(r, off, len(text))
			return nil
		}
	}
	var err error
	switch {
	case line == 1:
		_, err = parse()
	case isHeader(text):
		err = fmt.Errorf("%w: a second ledger header (two ledgers concatenated?)", ErrBadRecord)
	case isRepair(text):
		var rep Repair
		if rep, err = parseRepair(text); err == nil {
			s.applyRepair(rep)
			return nil
		}
	default:
		var r Record
		if r, err = parse(); err == nil {
			s.apply(r, off, len(text))
			return nil
		}
	}
	sum := sha256.Sum256(text)
	s.Damage = append(s.Damage, Damage{Line: line, Offset: off, Fragment: isFragment(text), SHA256: hex.EncodeToString(sum[:]), Err: err})
	return nil
}

// parsed is parseRecord's result for one line, computed ahead.
type parsed struct {
	r    Record
	err  error
	done bool
}

// Lines are parsed in batches: the records of a batch are decoded and
// checked by several goroutines (parseRecord is pure), then folded one by
// one in file order by readLine, exactly as if read sequentially. A batch
// keeps the memory of results computed ahead small.
const (
	batchLines    = 1 << 14
	parallelLines = 1 << 9 // below this a batch is parsed in the caller: fewer goroutines than lines worth it
)

// parseLines reads the complete lines of data, which starts at file offset
// base on line number firstLine, into s. It returns how many lines and
// bytes the complete lines take; anything after the last newline is left
// for the caller to report or to read again later.
func (s *State) parseLines(data []byte, base int64, firstLine int) (lines, used int, err error) {
	starts := make([]int, 0, batchLines+1) // line i of a batch is data[starts[i]:starts[i+1]-1]
	var pre []parsed
	for {
		starts = starts[:0]
		at := used
		for len(starts) < batchLines {
			i := bytes.IndexByte(data[at:], '\n')
			if i < 0 {
				break
			}
			starts = append(starts, at)
			at += i + 1
		}
		n := len(starts)
		if n == 0 {
			return lines, used, nil
		}
		starts = append(starts, at)
		pre = pre[:0]
		if n >= parallelLines {
			if cap(pre) < n {
				pre = make([]parsed, n)
			}
			pre = pre[:n]
			clear(pre)
			parseAhead(data, starts, pre)
		}
		for k := range n {
			var p *parsed
			if len(pre) > 0 {
				p = &pre[k]
			}
			if err := s.readLine(data[starts[k]:starts[k+1]-1], firstLine+lines, base+int64(starts[k]), p); err != nil {
				return lines, used, err
			}
			used = starts[k+1]
			lines++
		}
	}
}

// parseAhead fills pre[k] with parseRecord of line k for the lines that
// look like records, with one goroutine per processor over equal shares.
func parseAhead(data []byte, starts []int, pre []parsed) {
	n := len(pre)
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			var c decodeCache
			for k := lo; k < hi; k++ {
				text := data[starts[k] : starts[k+1]-1]
				if isHeader(text) || isRepair(text) {
					continue
				}
				p := &pre[k]
				p.r, p.err = parseRecordWith(text, &c)
				p.done = true
			}
		})
	}
	wg.Wait()
}

// Blocking returns the damaged lines that keep the ledger from deciding:
// complete lines that are neither records, crash fragments nor repaired.
func (s *State) Blocking() []Damage {
	var out []Damage
	for _, d := range s.Damage {
		if d.blocks() {
			out = append(out, d)
		}
	}
	return out
}
