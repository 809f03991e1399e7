package station

import "testing"

// TestPrinterAddress: no port is 9100, also for an IPv6 literal. The
// printing itself is tested through label --print (cmd/hwident).
func TestPrinterAddress(t *testing.T) {
	for in, want := range map[string]string{"zebra": "zebra:9100", "zebra:9101": "zebra:9101", "[::1]": "[::1]:9100", "::1": "[::1]:9100", "[::1]:9101": "[::1]:9101"} {
		if got, err := printerAddress(in); got != want || err != nil {
			t.Errorf("printerAddress(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
