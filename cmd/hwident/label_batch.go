//go:build !identityonly

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/csvrecord"
	"github.com/hwident/hwident/identity"
)

// Read caps of a batch: a record over 64 KiB can never become a label (no
// QR code holds more than 2953 bytes); a batch is read whole before the
// first label is made, so it is capped too.
const (
	maxBatchRecord = 64 << 10
	maxBatchInput  = 64 << 20
)

// readBatch reads the identities of a batch file: JSON lines (one object
// per line, keys in attribute order, a string or a list of strings per key)
// when the first character is '{', otherwise CSV whose header row names
// the attribute keys (a key may repeat; an empty cell leaves that attribute
// out of the row). Values are percent-decoded as in --identity input, so
// the identity output of a device (`50%25off`) labels as that device; a
// UTF-8 byte order mark is skipped in both forms.
func readBatch(a *app, name string) ([]identity.Identity, error) {
	data, err := cli.ReadInput(a.App, "--batch", name, maxBatchInput, "split the batch")
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var ids []identity.Identity
	if bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
		ids, err = parseJSONLines(data)
	} else {
		ids, err = parseCSVBatch(data)
	}
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", cli.InputName(name), err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("batch %s: no identities in it", cli.InputName(name))
	}
	return ids, nil
}

// errBatchRecord is a batch record over maxBatchRecord bytes.
var errBatchRecord = errors.New("record too long")

// batchValue percent-decodes one value of a batch, as ParseLines does.
func batchValue(key, v string) (identity.Attr, error) {
	dv, err := identity.DecodeValue(v)
	if err != nil {
		return identity.Attr{}, fmt.Errorf("key %s: value %s: %w (write a literal %% as %%25, as hwident identity prints it)", key, identity.Quote(v), err)
	}
	return identity.Attr{Key: key, Value: dv}, nil
}

func parseCSVBatch(data []byte) ([]identity.Identity, error) {
	r := csvrecord.NewReader(data)
	header, ok, err := r.Read()
	if !ok {
		err = io.EOF // what encoding/csv says of an empty file
	}
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	if n := r.InputOffset(); n > maxBatchRecord {
		return nil, fmt.Errorf("CSV header: %w: %d bytes, at most %s", errBatchRecord, n, cli.SizeName(maxBatchRecord))
	}
	for i, k := range header {
		header[i] = strings.TrimSpace(k)
		if !identity.ValidKey(header[i]) {
			return nil, fmt.Errorf("CSV header column %d: invalid key %s: use only a-z, 0-9, '_', '.' and '-'", i+1, identity.Quote(k))
		}
	}
	var ids []identity.Identity
	for {
		start := r.InputOffset()
		row, ok, err := r.Read()
		if !ok {
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		line := r.Line()
		if n := r.InputOffset() - start; n > maxBatchRecord {
			return nil, fmt.Errorf("line %d: %w: %d bytes, at most %s", line, errBatchRecord, n, cli.SizeName(maxBatchRecord))
		}
		var id identity.Identity
		for i, v := range row {
			if v != "" {
				attr, err := batchValue(header[i], v)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", line, err)
				}
				id = append(id, attr)
			}
		}
		if len(id) == 0 {
			return nil, fmt.Errorf("line %d: no values", line)
		}
		ids = append(ids, id)
	}
}
