//go:build device && !identityonly

package main

import (
	"strings"
	"testing"
)

// The device build refuses the station-only printers and says where they are.
func TestLabelDeviceBuildLeavesOutStationPrinters(t *testing.T) {
	for _, args := range [][]string{{"--print", "tcp://127.0.0.1:9100"}, {"--print", "lp:zebra"}} {
		r := runHwident(t, macLines, nil, append([]string{"hwident", "label", "--identity", "-"}, args...)...)
		if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, "station") {
			t.Errorf("%q: code %d stdout %q stderr %q; want a failure naming the station build", args, r.code, r.stdout, r.stderr)
		}
	}
}
