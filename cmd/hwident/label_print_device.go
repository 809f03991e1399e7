//go:build device && !identityonly

package main

// The device build has no tcp:// or lp: printing: see
// label_print_station.go.
var stationPrinters map[string]func(string, []byte) error

// stationOnly explains, when the user asked for it, what only the station
// build has.
func stationOnly(s string, asked bool) string {
	if asked {
		return " (" + s[2:] + " only in the station build, not on the device)"
	}
	return ""
}
