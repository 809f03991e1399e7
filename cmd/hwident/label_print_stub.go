//go:build device && !identityonly

package main

import "time"

// The device build prints to device paths only: tcp:// and lp: are the
// station's (commands_station_stub.go says why).

func stationPrinter(string, time.Duration) func(job []byte) error { return nil }

// stationOnly explains, when the user asked for it, what only the station
// build has.
func stationOnly(s string, asked bool) string {
	if asked {
		return " (" + s[2:] + " only in the station build, not on the device)"
	}
	return ""
}
