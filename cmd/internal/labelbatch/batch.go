// Package labelbatch reads the identities of a label batch (hwident label
// --batch): JSON lines, one object per line with keys in attribute order
// and a string or a list of strings per key, when the first character is
// '{', otherwise CSV whose header row names the attribute keys (a key may
// repeat; an empty cell leaves that attribute out of the row). Values are
// percent-decoded as in --identity input, so the identity output of a
// device (`50%25off`) labels as that device; a UTF-8 byte order mark is
// skipped in both forms. Errors name the line. It reads bytes in memory:
// opening and capping the input is the caller's.
package labelbatch

import (
	"bytes"
	"errors"

	"github.com/hwident/hwident/identity"
)

// Read caps of a batch: a record over 64 KiB can never become a label (no
// QR code holds more than 2953 bytes); a batch is read whole before the
// first label is made, so it is capped too (MaxInput is the caller's).
const (
	MaxRecord = 64 << 10
	MaxInput  = 64 << 20
)

// ErrRecordTooLong is a batch record over MaxRecord bytes.
var ErrRecordTooLong = errors.New("record too long")

// Parse returns the identities of a batch, at least one.
func Parse(data []byte) ([]identity.Identity, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var ids []identity.Identity
	var err error
	if bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
		ids, err = parseJSONLines(data)
	} else {
		ids, err = parseCSV(data)
	}
	if err == nil && len(ids) == 0 {
		err = errors.New("no identities in it")
	}
	return ids, err
}
