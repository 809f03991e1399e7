package ledger

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/hwident/hwident/cmd/internal/durable"
)

// ErrShrunk means the ledger is shorter than when it was last read: someone
// truncated or replaced an append-only file.
var ErrShrunk = errors.New("ledger file shrank: it is append-only, restore it from a backup")

// Ledger is an open ledger file that records are appended to.
type Ledger struct {
	f     *os.File
	name  string
	state State
	off   int64 // end of the last complete line read
	line  int   // number of the line starting at off
	tail  bool  // bytes after off that are no complete line (a truncated record)
}

// Open opens the ledger, creating it if needed, and reads it.
func Open(name string) (*Ledger, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o644)
	created := err == nil
	if errors.Is(err, os.ErrExist) {
		f, err = os.OpenFile(name, os.O_RDWR|os.O_APPEND, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	if created {
		// The new directory entry must survive a crash like the records.
		if err := durable.SyncDir(filepath.Dir(name)); err != nil {
			f.Close()
			return nil, err
		}
	}
	l := &Ledger{f: f, name: name, state: newState(), line: 1}
	if err := l.locked(false, l.refresh); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

// Load reads a ledger without opening it for appending.
func Load(name string) (*State, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	defer f.Close()
	l := &Ledger{f: f, name: name, state: newState(), line: 1}
	if err := l.locked(false, l.refresh); err != nil {
		return nil, err
	}
	return &l.state, nil
}

// State is the ledger as last read. It is refreshed by Append.
func (l *Ledger) State() *State { return &l.state }

// Refresh reads what other stations appended since the last read, under a
// shared lock; it reads only the new lines.
func (l *Ledger) Refresh() error { return l.locked(false, l.refresh) }

// Close closes the file.
func (l *Ledger) Close() error { return l.f.Close() }

// Append reads what other stations appended, lets plan decide on the record
// from the current state, and appends it: one write, then fsync, all under
// an exclusive lock so the decision and the write are atomic across
// processes. The record is durable when Append returns nil.
func (l *Ledger) Append(plan func(s *State) (Record, error)) (Record, error) {
	var rec Record
	err := l.locked(true, func() error {
		if err := l.refresh(); err != nil {
			return err
		}
		var err error
		if rec, err = plan(&l.state); err != nil {
			return err
		}
		rec.Time = time.Now().UTC().Truncate(time.Millisecond)
		b, err := rec.line()
		if err != nil {
			return err
		}
		if l.tail {
			// End the truncated line so this record starts a line of its own;
			// the fragment stays as evidence and is reported as damaged. A
			// fragment cut just before its newline is a whole JSON record that
			// plan never saw: the control byte (never in a JSON line) keeps it
			// from being read as one.
			b = append([]byte(fragmentEnd), b...)
		}
		// os.File.Write returns an error whenever it writes less.
		if n, err := l.f.Write(b); err != nil {
			return fmt.Errorf("append to ledger %s: %w (%d of %d bytes written: check free space and the disk; the fragment is reported, never read as a record)", l.name, err, n, len(b))
		}
		if err := l.f.Sync(); err != nil {
			// The line is in the file but not known to be on disk: later
			// reads will see it, a crash may lose it.
			return fmt.Errorf("sync ledger %s: %w (the record is written but may not survive a crash: check the disk, then hwident bind status)", l.name, err)
		}
		return l.refresh()
	})
	return rec, err
}

// fragmentEnd ends a truncated last line before the next record.
const fragmentEnd = "\x1a\n"

// refresh reads the lines appended since the last read. Call it locked.
func (l *Ledger) refresh() error {
	fi, err := l.f.Stat()
	if err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	if fi.Size() < l.off {
		return fmt.Errorf("%s: %w", l.name, ErrShrunk)
	}
	data := make([]byte, fi.Size()-l.off)
	if _, err := l.f.ReadAt(data, l.off); err != nil && err != io.EOF {
		return fmt.Errorf("read ledger %s: %w", l.name, err)
	}
	recs, damage, used := parseLines(data, l.off, l.line)
	for _, r := range recs {
		l.state.apply(r)
	}
	l.state.Damage = append(l.state.Damage, damage...)
	l.line += len(recs) + len(damage)
	l.off += int64(used)
	l.tail = used < len(data)
	l.state.Truncated = nil
	if l.tail {
		l.state.Truncated = &Damage{Line: l.line, Offset: l.off, Truncated: true}
	}
	return nil
}

// locked runs fn holding the file lock.
func (l *Ledger) locked(exclusive bool, fn func() error) error {
	if err := lockFile(l.f, exclusive); err != nil {
		return fmt.Errorf("lock ledger %s: %w", l.name, err)
	}
	err := fn()
	if uerr := unlockFile(l.f); uerr != nil && err == nil {
		err = fmt.Errorf("unlock ledger %s: %w", l.name, uerr)
	}
	return err
}
