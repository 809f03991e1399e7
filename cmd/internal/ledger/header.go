package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hwident/hwident/cmd/internal/durable"
)

// Version is the ledger format this package writes and reads.
const Version = 1

// headerPrefix starts the first line of every ledger hwident creates, so
// that no other file is ever taken for a ledger and appended to.
const headerPrefix = `{"hwident_ledger":`

// ErrNotLedger means the file is not a hwident ledger: its first line is
// neither the ledger header nor (for a ledger of an older hwident, which
// had no header) a valid record.
var ErrNotLedger = errors.New("not a hwident ledger (its first line is neither the ledger header nor a record): give the path of a ledger, or a new file name")

// ErrNewerVersion means the ledger was written by a newer hwident.
var ErrNewerVersion = errors.New("the ledger was written by a newer hwident: upgrade hwident on this station")

type wireHeader struct {
	Ledger  int       `json:"hwident_ledger"` // the format version, first so the line starts with headerPrefix
	Created time.Time `json:"created"`
}

// headerLine is the first line of a new ledger.
func headerLine(now time.Time) []byte {
	b, _ := json.Marshal(wireHeader{Ledger: Version, Created: now.UTC().Truncate(time.Millisecond)})
	return append(b, '\n')
}

// isHeader reports whether line (without its newline) looks like a header;
// checkHeader then decides whether this hwident can read it.
func isHeader(line []byte) bool { return bytes.HasPrefix(line, []byte(headerPrefix)) }

func checkHeader(line []byte) error {
	var h wireHeader
	if err := json.Unmarshal(line, &h); err != nil || h.Ledger < 1 {
		return fmt.Errorf("%w: damaged header", ErrNotLedger)
	}
	if h.Ledger > Version {
		return fmt.Errorf("%w (format %d, this hwident reads %d)", ErrNewerVersion, h.Ledger, Version)
	}
	return nil
}

// create makes a new ledger holding only its header, atomically: the
// header is written and fsynced in a temporary file that is then linked to
// name, which fails if another station created name meanwhile (os.ErrExist).
// A file system without hard links falls back to O_EXCL and a header
// written under the lock (see Open).
func create(name string) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".new*")
	if err != nil {
		return fmt.Errorf("create ledger: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(headerLine(time.Now()))
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create ledger %s: %w", name, err)
	}
	if err := os.Link(tmp, name); err != nil {
		if errors.Is(err, os.ErrExist) {
			return err
		}
		return errNoLink
	}
	return durable.SyncDir(dir)
}

var errNoLink = errors.New("no hard links")
