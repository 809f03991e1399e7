//go:build !device && !identityonly

package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
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

// parseJSONLines keeps the keys in the order they are written, which a
// map would lose.
func parseJSONLines(data []byte) ([]identity.Identity, error) {
	var ids []identity.Identity
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		id, err := parseJSONObject(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		ids = append(ids, id)
	}
	return ids, sc.Err()
}

func parseJSONObject(line []byte) (identity.Identity, error) {
	d := json.NewDecoder(bytes.NewReader(line))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New(`want one JSON object per line, e.g. {"mac":"aa:bb:cc:dd:ee:ff"}`)
	}
	var id identity.Identity
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		key := tok.(string) // object keys are always strings
		if !identity.ValidKey(key) {
			return nil, fmt.Errorf("invalid key %q: use only a-z, 0-9, '_', '.' and '-'", key)
		}
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, err
		}
		var one string
		var list []string
		if err := json.Unmarshal(raw, &one); err == nil {
			list = []string{one}
		} else if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("key %q: want a string or a list of strings", key)
		}
		for _, v := range list {
			id = append(id, identity.Attr{Key: key, Value: v})
		}
	}
	if _, err := d.Token(); err != nil {
		return nil, err
	}
	if len(id) == 0 {
		return nil, errors.New("empty object")
	}
	return id, nil
}
