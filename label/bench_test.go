package label_test

import (
	"testing"

	"github.com/hwident/hwident/label"
)

// Labels per second: go test -bench . ./label (scripts/bench-labels.sh
// compares the whole command with qrencode).
func benchmarkFormat(b *testing.B, dpi int, render func(*label.Label) []byte) {
	s := spec(dpi, 'M', "mac=b8:27:eb:12:34:56", "serial=SN2024000123")
	n := 0
	for b.Loop() {
		l, err := label.New("HW10CD0B827EB123456FD1SN2024000123DGU", s)
		if err != nil {
			b.Fatal(err)
		}
		n += len(render(l))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "labels/s")
}

func BenchmarkZPL203(b *testing.B) {
	benchmarkFormat(b, 203, func(l *label.Label) []byte { return l.AppendZPL(nil) })
}

func BenchmarkPNG203(b *testing.B) {
	benchmarkFormat(b, 203, func(l *label.Label) []byte { return l.AppendPNG(nil) })
}

func BenchmarkPNG600(b *testing.B) {
	benchmarkFormat(b, 600, func(l *label.Label) []byte { return l.AppendPNG(nil) })
}

func BenchmarkSVG203(b *testing.B) {
	benchmarkFormat(b, 203, func(l *label.Label) []byte { return l.AppendSVG(nil) })
}
