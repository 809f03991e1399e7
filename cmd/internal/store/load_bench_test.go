package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/identity"
)

// BenchmarkOpenFile measures the file store's cold start: reading, checking
// and folding a ledger of HWIDENT_BENCH_RECORDS records (default 100,000).
func BenchmarkOpenFile(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("HWIDENT_BENCH_RECORDS")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	name := filepath.Join(dir, "ledger.jsonl")
	l, err := ledger.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	l.Close()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for i := range n {
		dev := identity.Identity{{Key: "mac", Value: fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", i>>24&0xff, i>>16&0xff, i>>8&0xff, i&0xff)}}
		// The ledger's line format (cmd/internal/ledger, record.go).
		line, err := json.Marshal(map[string]any{"time": at.Add(time.Duration(i) * time.Millisecond), "event": "bind", "station": "bench",
			"operator": "bench", "product_serial": fmt.Sprintf("PRD-%08d", i), "identity": []map[string]string{{"key": "mac", "value": dev[0].Value}},
			"identity_hash": dev.ID()})
		if err != nil {
			b.Fatal(err)
		}
		w.Write(append(line, '\n'))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := OpenFile(name)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
