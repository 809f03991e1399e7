package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }
func (r *recorder) Fatal(args ...any)                 { r.errs = append(r.errs, fmt.Sprint(args...)) }

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b.golden")
	*update = true
	if r := (&recorder{TB: t}); !Check(r, path, []byte("one\n")) || r.errs != nil {
		t.Fatalf("-update: %v", r.errs)
	}
	*update = false
	tests := []struct {
		name string
		got  string
		ok   bool
		msg  string // in the failure
	}{
		{"equal", "one\n", true, ""},
		{"text differs", "two\n", false, "got:\ntwo\n"},
		{"binary differs", "on\x00\n", false, "first at byte 2"},
	}
	for _, tt := range tests {
		r := &recorder{TB: t}
		ok := Check(r, path, []byte(tt.got))
		if ok != tt.ok || (len(r.errs) == 0) != tt.ok || (!tt.ok && !strings.Contains(r.errs[0], tt.msg)) {
			t.Errorf("%s: ok %v, errors %q; want ok %v and a failure containing %q", tt.name, ok, r.errs, tt.ok, tt.msg)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "one\n" {
		t.Errorf("golden file is %q, %v; only -update may write it", b, err)
	}
	if r := (&recorder{TB: t}); Check(r, filepath.Join(dir, "missing"), nil) || len(r.errs) != 1 || !strings.Contains(r.errs[0], "-update") {
		t.Errorf("missing file: errors %q; want one saying -update writes it", r.errs)
	}
}
