package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"syscall"
	"time"
)

// ErrShrunk means the ledger is shorter than when it was last read: someone
// truncated or replaced an append-only file.
var ErrShrunk = errors.New("ledger file shrank: it is append-only, restore it from a backup")

// ErrGone means the ledger's path no longer leads to a file: it was moved
// or deleted while a station had it open.
var ErrGone = errors.New("the ledger file was moved or deleted while in use: put it back (or restore it from a backup); a new, empty ledger would forget every binding")

// ErrLostRecords means the ledger was replaced by a file that lacks
// records this process had read: an edit or a copy lost confirmed bindings.
var ErrLostRecords = errors.New("the ledger was replaced by a file that lacks records read before")

// Ledger is an open ledger file that records are appended to.
type Ledger struct {
	f     *os.File
	name  string
	flag  int // how f was opened, to open the file again when it is replaced
	state State
	off   int64 // end of the last complete line read
	line  int   // number of the line starting at off
	tail  bool  // bytes after off that are no complete line (a truncated record)
}

// Open opens the ledger, creating it with its header if needed, and reads
// it. A file that is not a regular file or not a ledger is refused.
func Open(name string) (*Ledger, error) { return open(name, false) }

// OpenFolded opens the ledger as Open does, checking every record as Open
// does, but keeps in memory only the folded state and where each record
// is: a long-running service on a large ledger reads a record back from
// the file when it needs it (Record). State().Records stays empty.
func OpenFolded(name string) (*Ledger, error) { return open(name, true) }

func open(name string, folded bool) (*Ledger, error) {
	const flag = os.O_RDWR | os.O_APPEND
	f, err := openFile(name, flag)
	if errors.Is(err, fs.ErrNotExist) {
		switch err = create(name); {
		case errors.Is(err, errNoLink):
			// The header follows under the lock, below.
			if f, err := os.OpenFile(name, flag|os.O_CREATE|os.O_EXCL, 0o644); err == nil {
				f.Close()
			}
		case err != nil && !errors.Is(err, fs.ErrExist):
			return nil, err
		}
		f, err = openFile(name, flag)
	}
	if err != nil {
		return nil, err
	}
	l := &Ledger{f: f, name: name, flag: flag, state: newState(folded), line: 1}
	if err := l.locked(false, l.refresh); err != nil {
		l.f.Close()
		return nil, err
	}
	if l.off == 0 && !l.tail {
		// An empty file (made with touch, or created without hard links):
		// it becomes a ledger by its header.
		err := l.locked(true, func() error {
			if err := l.refresh(); err != nil || l.off != 0 || l.tail {
				return err
			}
			if err := l.write(headerLine(time.Now())); err != nil {
				return err
			}
			return l.refresh()
		})
		if err != nil {
			l.f.Close()
			return nil, err
		}
	}
	return l, nil
}

// Load reads a ledger without opening it for appending.
func Load(name string) (*State, error) {
	f, err := openFile(name, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	l := &Ledger{f: f, name: name, flag: os.O_RDONLY, state: newState(false), line: 1}
	defer l.f.Close()
	if err := l.locked(false, l.refresh); err != nil {
		return nil, err
	}
	return &l.state, nil
}

// openFile opens an existing ledger. It opens without blocking, so that a
// FIFO at the path cannot hang the station, and refuses anything but a
// regular file.
func openFile(name string, flag int) (*os.File, error) {
	f, err := os.OpenFile(name, flag|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file (%v): give the path of a ledger file", name, fi.Mode().Type())
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	return f, nil
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
// processes. The record is durable when Append returns nil. While complete
// lines are damaged (State.Blocking) nothing is decided: a *DamagedError.
func (l *Ledger) Append(plan func(s *State) (Record, error)) (Record, error) {
	var rec Record
	err := l.locked(true, func() error {
		if err := l.refresh(); err != nil {
			return err
		}
		if bad := l.state.Blocking(); len(bad) > 0 {
			return &DamagedError{Name: l.name, Damage: bad}
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
		if err := l.write(b); err != nil {
			return err
		}
		return l.refresh()
	})
	return rec, err
}

// write appends one line with one write and fsyncs it. Call it locked,
// after refresh.
func (l *Ledger) write(b []byte) error {
	if l.tail {
		// End the truncated line so this line starts a line of its own;
		// the fragment stays as evidence and is reported. A fragment cut
		// just before its newline is a whole JSON record that nobody
		// decided with: the control byte (never in a JSON line) keeps it
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
	return nil
}

// readChunk is how much of the file refresh reads at a time: a large
// ledger is never in memory as a whole, only its folded state.
const readChunk = 8 << 20

// refresh reads the lines appended since the last read. Call it locked.
func (l *Ledger) refresh() error {
	fi, err := l.f.Stat()
	if err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	size := fi.Size()
	if size < l.off {
		return fmt.Errorf("%s: %w", l.name, ErrShrunk)
	}
	var buf []byte // the file from l.off: complete lines are folded and dropped
	line, off := l.line, l.off
	for next := l.off; next < size; {
		have := len(buf)
		buf = slices.Grow(buf, int(min(size-next, readChunk)))
		buf = buf[:have+int(min(size-next, readChunk))]
		n, err := l.f.ReadAt(buf[have:], next)
		if err != nil && err != io.EOF {
			return fmt.Errorf("read ledger %s: %w", l.name, err)
		}
		buf = buf[:have+n]
		next += int64(n)
		if n == 0 {
			break
		}
		if off == 0 && l.state.n == 0 && size > int64(len(buf)) {
			// A first read of a large ledger: size the state once for
			// about as many records as the first chunk promises.
			l.state.reserve(int(int64(bytes.Count(buf, []byte{'\n'})) * size / int64(len(buf)) * 21 / 20))
		}
		lines, used, err := l.state.parseLines(buf, off, line)
		if err != nil {
			return fmt.Errorf("ledger %s: %w", l.name, err)
		}
		line += lines
		off += int64(used)
		buf = buf[:copy(buf, buf[used:])]
	}
	l.line, l.off = line, off
	l.tail = len(buf) > 0
	l.state.Truncated = nil
	if l.tail {
		l.state.Truncated = &Damage{Line: l.line, Offset: l.off, Truncated: true}
	}
	return nil
}

// locked runs fn holding the file lock on the file now at the path. A
// ledger replaced under a running station (sed -i, an editor, cp and mv)
// leaves it holding the old inode, where its appends would be lost and
// its lock would exclude nobody: it opens the new file and reads it from
// the start, and refuses when that lacks records it had read.
func (l *Ledger) locked(exclusive bool, fn func() error) error {
	for {
		if err := lockFile(l.f, exclusive); err != nil {
			return fmt.Errorf("lock ledger %s: %w", l.name, err)
		}
		same, err := l.atPath()
		if err == nil && same {
			break
		}
		if uerr := unlockFile(l.f); uerr != nil && err == nil {
			err = fmt.Errorf("unlock ledger %s: %w", l.name, uerr)
		}
		if err == nil {
			err = l.reopen(exclusive)
		}
		if err != nil {
			return err
		}
	}
	err := fn()
	if uerr := unlockFile(l.f); uerr != nil && err == nil {
		err = fmt.Errorf("unlock ledger %s: %w", l.name, uerr)
	}
	return err
}

// atPath reports whether the open file is still the file at the path
// (same device and inode).
func (l *Ledger) atPath() (bool, error) {
	open, err := l.f.Stat()
	if err != nil {
		return false, fmt.Errorf("read ledger %s: %w", l.name, err)
	}
	now, err := os.Stat(l.name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("ledger %s: %w", l.name, ErrGone)
	}
	if err != nil {
		return false, fmt.Errorf("ledger %s: %w", l.name, err)
	}
	return os.SameFile(open, now), nil
}

// reopen switches to the file now at the path and reads it whole, under
// its lock; every record read before must be in it. If not, or if the new
// file cannot be read, the ledger stays on the old file, so that every
// later call notices the replacement again and refuses again.
func (l *Ledger) reopen(exclusive bool) error {
	f, err := openFile(l.name, l.flag)
	if err != nil {
		return err
	}
	n := &Ledger{f: f, name: l.name, flag: l.flag, state: newState(l.state.folded), line: 1}
	if err := lockFile(f, exclusive); err != nil {
		f.Close()
		return fmt.Errorf("lock ledger %s: %w", l.name, err)
	}
	err = n.refresh()
	if err == nil {
		err = n.state.keeps(&l.state, l.name, l.Record)
	}
	if uerr := unlockFile(f); uerr != nil && err == nil {
		err = fmt.Errorf("unlock ledger %s: %w", l.name, uerr)
	}
	if err != nil {
		f.Close()
		return err
	}
	l.f.Close()
	*l = *n
	return nil
}

// keeps checks that s holds every record of old; record reads one of old.
func (s *State) keeps(old *State, name string, record func(int) (Record, error)) error {
	var lost []int
	if s.folded {
		have := make(map[uint64]int, s.n)
		for _, ln := range s.lines {
			have[ln.fp]++
		}
		for i, ln := range old.lines {
			if have[ln.fp] > 0 {
				have[ln.fp]--
			} else {
				lost = append(lost, i)
			}
		}
	} else {
		have := make(map[recordKey]int, len(s.Records))
		for _, r := range s.Records {
			have[keyOf(r)]++
		}
		for i, r := range old.Records {
			if k := keyOf(r); have[k] > 0 {
				have[k]--
			} else {
				lost = append(lost, i)
			}
		}
	}
	if len(lost) == 0 {
		return nil
	}
	r, err := record(lost[0])
	if err != nil {
		return fmt.Errorf("ledger %s: %w: %d missing, the first unreadable in the old file too (%w); put them back from a backup, or restart the station if the change was intended", name, ErrLostRecords, len(lost), err)
	}
	return fmt.Errorf("ledger %s: %w: %d missing, first %s of product %s at %s by station %s; put them back from the old file or a backup, or restart the station if the change was intended",
		name, ErrLostRecords, len(lost), r.Event, r.Product, r.Time.Format(time.RFC3339Nano), r.Station)
}

// recordKey identifies a record across files.
type recordKey struct {
	t                                  int64
	event                              Event
	product, device, station, operator string
}

func keyOf(r Record) recordKey {
	return recordKey{r.Time.UnixNano(), r.Event, r.Product, r.DeviceHash(), r.Station, r.Operator}
}

// fingerprint is a 64-bit FNV-1a hash of what identifies a record across
// files (as keyOf): a folded state keeps this instead of the record. Two
// different records collide with probability 2^-64, which the
// replaced-file check accepts. Call it on a record as read (hash set).
func (r Record) fingerprint() uint64 {
	h := uint64(14695981039346656037)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 1099511628211
		}
		h = (h ^ 0xff) * 1099511628211 // a separator no text byte can be mistaken for
	}
	t := r.Time.UnixNano()
	for i := range 8 {
		h = (h ^ uint64(byte(t>>(8*i)))) * 1099511628211
	}
	for _, c := range r.hash {
		h = (h ^ uint64(c)) * 1099511628211
	}
	add(string(r.Event))
	add(r.Product)
	add(r.Station)
	add(r.Operator)
	return h
}

// ErrChanged means a record read back from the file is not the record
// read when the ledger was opened: the file was edited in place.
var ErrChanged = errors.New("the ledger file was changed in place (an append-only file): restore it from a backup")

// ErrNoRecord: there is no record at that position.
var ErrNoRecord = errors.New("no such record")

// Record returns the record at position i (0 is the first record, as in
// State().Records). A ledger of OpenFolded reads it from the file and
// checks it again: it must be the record read before.
func (l *Ledger) Record(i int) (Record, error) {
	s := &l.state
	if i < 0 || i >= s.n {
		return Record{}, fmt.Errorf("ledger %s: record %d of %d: %w", l.name, i+1, s.n, ErrNoRecord)
	}
	if !s.folded {
		return s.Records[i], nil
	}
	ln := s.lines[i]
	buf := make([]byte, ln.size)
	if _, err := l.f.ReadAt(buf, ln.off); err != nil {
		return Record{}, fmt.Errorf("read ledger %s at offset %d: %w", l.name, ln.off, err)
	}
	return l.checked(buf, ln)
}

// checked parses a record read back from the file, which must be the
// record read before.
func (l *Ledger) checked(text []byte, ln lineRef) (Record, error) {
	r, err := parseRecord(text)
	if err == nil && r.fp != ln.fp {
		err = ErrChanged
	}
	if err != nil {
		return Record{}, fmt.Errorf("ledger %s, record at offset %d: %w", l.name, ln.off, err)
	}
	r.deviceHash = r.DeviceHash()
	return r, nil
}

// readSpan is how much of the file Records reads at a time.
const readSpan = 1 << 20

// Records calls fn with the records at positions from to to-1 in order,
// as Record returns them, but reading the file in spans of many records
// rather than one at a time. It stops at fn's first error.
func (l *Ledger) Records(from, to int, fn func(i int, r Record) error) error {
	s := &l.state
	to = min(to, s.n)
	if !s.folded {
		for i := max(from, 0); i < to; i++ {
			if err := fn(i, s.Records[i]); err != nil {
				return err
			}
		}
		return nil
	}
	var buf []byte
	for i := max(from, 0); i < to; {
		start := s.lines[i].off
		j := i + 1
		for j < to && s.lines[j].off+int64(s.lines[j].size)-start <= readSpan {
			j++
		}
		end := s.lines[j-1].off + int64(s.lines[j-1].size)
		if int64(cap(buf)) < end-start {
			buf = make([]byte, end-start)
		}
		buf = buf[:end-start]
		if _, err := l.f.ReadAt(buf, start); err != nil {
			return fmt.Errorf("read ledger %s at offset %d: %w", l.name, start, err)
		}
		for k := i; k < j; k++ {
			ln := s.lines[k]
			r, err := l.checked(buf[ln.off-start:ln.off-start+int64(ln.size)], ln)
			if err != nil {
				return err
			}
			if err := fn(k, r); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}
