package labelbatch

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
)

// Whatever a batch parser accepts is a list of valid identities that a
// label payload carries unchanged.
func FuzzBatchParsers(f *testing.F) {
	f.Add([]byte("mac,serial,mac\naa:bb:cc:dd:ee:01,SN1,\n"))
	f.Add([]byte(`{"mac":"aa:bb:cc:dd:ee:01","serial":["a","b"]}` + "\n"))
	f.Add([]byte("\ufeffmac\n\"a\nb\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func([]byte) ([]identity.Identity, error){parseCSV, parseJSONLines} {
			ids, err := parse(data)
			if err != nil {
				continue
			}
			for _, id := range ids {
				if err := id.Validate(); err != nil {
					t.Fatalf("parsed %q into invalid %q: %v", data, id, err)
				}
				p, err := payload.Encode(id)
				if err != nil {
					t.Fatal(err)
				}
				back, err := payload.Decode(p)
				if err != nil || !slices.Equal(back, id) {
					t.Fatalf("payload %q of %q decodes to %q, %v", p, id, back, err)
				}
			}
		}
	})
}

func TestParseJSONObjectEscapes(t *testing.T) {
	tests := []struct {
		line string
		want identity.Identity // nil: an error
	}{
		{`{"serial":"a\"b\\c\/d\b\f\n\r\t"}`, identity.Identity{{Key: "serial", Value: "a\"b\\c/d\b\f\n\r\t"}}},
		{`{"sku":"\u00e9\ud83d\ude00 \ud800x \udc00"}`, identity.Identity{{Key: "sku", Value: "é😀 \ufffdx \ufffd"}}},
		{"{\"sku\":\"\xff\"}", identity.Identity{{Key: "sku", Value: "\ufffd"}}},
		{` { "m\u0061c" : [ "1" , "2" ] , "mac" : [ ] } `, identity.Identity{{Key: "mac", Value: "1"}, {Key: "mac", Value: "2"}}},
		{`{"mac":"1"} x`, nil},
		{`{"mac":null}`, nil},
		{`{"mac":["1",]}`, nil},
		{`{"mac":"1",}`, nil},
		{`{"mac":"\x"}`, nil},
		{`{"mac":"\u12"}`, nil},
		{"{\"mac\":\"a\tb\"}", nil},
		{`{}`, nil},
		{`{"mac":[]}`, nil},
	}
	for _, tt := range tests {
		got, err := parseJSONObject([]byte(tt.line))
		if tt.want == nil && err == nil || tt.want != nil && (err != nil || !slices.Equal(got, tt.want)) {
			t.Errorf("%s: got %q, %v; want %q", tt.line, got, err, tt.want)
		}
	}
}

// The hand-written JSON parser agrees with encoding/json on every line:
// the same identity, or both refuse it.
func FuzzParseJSONObject(f *testing.F) {
	f.Add([]byte(`{"mac":"aa:bb:cc:dd:ee:01","serial":["a","b"]}`))
	f.Add([]byte(`{"sku":"\u00e9\ud83d\ude00\ud800\"\\"}`))
	f.Add([]byte(`{"mac":[null, 1.5e3, {}]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		got, err := parseJSONObject(line)
		want, werr := parseJSONObjectStd(line)
		if (err == nil) != (werr == nil) || !slices.Equal(got, want) {
			t.Fatalf("%q: got %q, %v; encoding/json gives %q, %v", line, got, err, want, werr)
		}
	})
}

// parseJSONObjectStd is the same subset of JSON read with encoding/json,
// values percent-decoded.
func parseJSONObjectStd(line []byte) (identity.Identity, error) {
	d := json.NewDecoder(bytes.NewReader(line))
	bad := errors.New("not a JSON object of strings and lists of strings")
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, bad
	}
	var id identity.Identity
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		key := tok.(string)
		if !identity.ValidKey(key) {
			return nil, bad
		}
		tok, err = d.Token()
		if err != nil {
			return nil, err
		}
		if s, ok := tok.(string); ok {
			if s, err = identity.DecodeValue(s); err != nil {
				return nil, err
			}
			id = append(id, identity.Attr{Key: key, Value: s})
			continue
		}
		if tok != json.Delim('[') {
			return nil, bad
		}
		for d.More() {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			s, ok := tok.(string)
			if !ok {
				return nil, bad
			}
			if s, err = identity.DecodeValue(s); err != nil {
				return nil, err
			}
			id = append(id, identity.Attr{Key: key, Value: s})
		}
		if _, err := d.Token(); err != nil {
			return nil, err
		}
	}
	if _, err := d.Token(); err != nil {
		return nil, err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, bad
	}
	if len(id) == 0 {
		return nil, bad
	}
	return id, nil
}
