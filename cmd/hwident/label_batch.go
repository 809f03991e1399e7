//go:build !identityonly

package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hwident/hwident/identity"
)

// readBatch reads the identities of a batch file: JSON lines (one object
// per line, keys in attribute order, a string or a list of strings per key)
// when the first character is '{', otherwise CSV whose header row names
// the attribute keys (a key may repeat; an empty cell leaves that attribute
// out of the row).
func readBatch(a *app, name string) ([]identity.Identity, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(a.stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("read batch: %w", err)
	}
	var ids []identity.Identity
	if bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("{")) {
		ids, err = parseJSONLines(data)
	} else {
		ids, err = parseCSVBatch(data)
	}
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", name, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("batch %s: no identities in it", name)
	}
	return ids, nil
}

func parseCSVBatch(data []byte) ([]identity.Identity, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	for i, k := range header {
		header[i] = strings.TrimSpace(k)
		if !identity.ValidKey(header[i]) {
			return nil, fmt.Errorf("CSV header column %d: invalid key %q: use only a-z, 0-9, '_', '.' and '-'", i+1, k)
		}
	}
	var ids []identity.Identity
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		var id identity.Identity
		for i, v := range row {
			if v != "" {
				id = append(id, identity.Attr{Key: header[i], Value: v})
			}
		}
		if len(id) == 0 {
			return nil, fmt.Errorf("line %d: no values", line)
		}
		ids = append(ids, id)
	}
}
