package labelbatch

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/csvrecord"
	"github.com/hwident/hwident/identity"
)

// batchValue percent-decodes one value of a batch, as ParseLines does.
func batchValue(key, v string) (identity.Attr, error) {
	dv, err := identity.DecodeValue(v)
	if err != nil {
		return identity.Attr{}, fmt.Errorf("key %s: value %s: %w (write a literal %% as %%25, as hwident identity prints it)", key, identity.Quote(v), err)
	}
	return identity.Attr{Key: key, Value: dv}, nil
}

// parseCSV reads CSV whose header row names the attribute keys.
func parseCSV(data []byte) ([]identity.Identity, error) {
	r := csvrecord.NewReader(data)
	header, ok, err := r.Read()
	if !ok {
		err = io.EOF // what encoding/csv says of an empty file
	}
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	if n := r.InputOffset(); n > MaxRecord {
		return nil, fmt.Errorf("CSV header: %w: %d bytes, at most %s", ErrRecordTooLong, n, cli.SizeName(MaxRecord))
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
		if n := r.InputOffset() - start; n > MaxRecord {
			return nil, fmt.Errorf("line %d: %w: %d bytes, at most %s", line, ErrRecordTooLong, n, cli.SizeName(MaxRecord))
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
