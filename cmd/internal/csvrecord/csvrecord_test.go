package csvrecord_test

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/csvrecord"
)

// same reads data with both readers and fails at the first difference in
// records, errors (their messages), offsets or lines.
func same(t *testing.T, data string) {
	t.Helper()
	want := csv.NewReader(strings.NewReader(data))
	got := csvrecord.NewReader([]byte(data))
	for n := 1; ; n++ {
		wrec, werr := want.Read()
		grec, ok, gerr := got.Read()
		if errors.Is(werr, io.EOF) {
			if ok || gerr != nil {
				t.Fatalf("%q: record %d: encoding/csv is at the end, csvrecord read %q, %v", data, n, grec, gerr)
			}
			return
		}
		if !ok {
			t.Fatalf("%q: record %d: csvrecord is at the end, encoding/csv read %q, %v", data, n, wrec, werr)
		}
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Fatalf("%q: record %d: error %v, encoding/csv %v", data, n, gerr, werr)
		}
		var wpe *csv.ParseError
		if errors.As(werr, &wpe) && wpe.Err == csv.ErrFieldCount {
			if !errors.Is(gerr, csvrecord.ErrFieldCount) {
				t.Fatalf("%q: record %d: %v is not ErrFieldCount", data, n, gerr)
			}
		} else if werr != nil {
			return // both stop here; the record encoding/csv returns is partial
		}
		if !slices.Equal(grec, wrec) {
			t.Fatalf("%q: record %d: %q, encoding/csv %q", data, n, grec, wrec)
		}
		if line, _ := want.FieldPos(0); got.Line() != line {
			t.Fatalf("%q: record %d: line %d, encoding/csv %d", data, n, got.Line(), line)
		}
		if got.InputOffset() != int(want.InputOffset()) {
			t.Fatalf("%q: record %d: offset %d, encoding/csv %d", data, n, got.InputOffset(), want.InputOffset())
		}
		if werr != nil {
			return
		}
	}
}

var cases = []string{
	"", "\n", "\r\n", "\r", "a", "a\n", "a\r", "a\r\n", "a\r\r\n", "a\rb\n",
	"mac,serial,mac\naa:bb:cc:dd:ee:01,SN1,\naa:bb:cc:dd:ee:02,\"SN,2\",aa:bb:cc:dd:ee:03\n",
	"a,b\n\n\nc,d\n", "a,b\nc\n", "a,b\nc,d,e\n", ",\n,\n", ",,\n",
	`"a""b",c` + "\n", `"a"b,c`, `a"b,c`, `"abc`, "\"ab\nc\",d\ne,f\n", "\"ab\r\nc\",d\r\n",
	"\"a\n\nb\"\n", "x,\"a\nb\n", "\"a\"\"\"\n", "\"\"\n", "\"\",\"\"", "\"a\r", "\"a\n\r",
	"a,\"b\"c\n", "a\nb,\"c\nd\"\"e\",\"f\ng\"h\n", " a , b \n", "\ufeffa,b\n", "é,\"ü\"\n",
}

func TestSameAsEncodingCSV(t *testing.T) {
	for _, c := range cases {
		same(t, c)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		data string
		want error
	}{
		{`a"b`, csvrecord.ErrBareQuote},
		{`"a"b`, csvrecord.ErrQuote},
		{`"a`, csvrecord.ErrQuote},
		{"a,b\nc\n", csvrecord.ErrFieldCount},
	} {
		r := csvrecord.NewReader([]byte(tc.data))
		var err error
		for ok := true; ok && err == nil; {
			_, ok, err = r.Read()
		}
		var pe *csvrecord.ParseError
		if !errors.Is(err, tc.want) || !errors.As(err, &pe) {
			t.Errorf("%q: error %v, want a ParseError for %v", tc.data, err, tc.want)
		}
	}
}

// The data given is never modified ("\r\n" is made "\n" in a copy).
func TestDataUnchanged(t *testing.T) {
	data := []byte("a,b\r\n\"c\r\nd\",e\r\n")
	orig := string(data)
	r := csvrecord.NewReader(data)
	for ok := true; ok; {
		_, ok, _ = r.Read()
	}
	if string(data) != orig {
		t.Errorf("data became %q", data)
	}
}

func FuzzReader(f *testing.F) {
	for _, c := range cases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, data string) { same(t, data) })
}
