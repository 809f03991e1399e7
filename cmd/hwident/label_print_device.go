//go:build device && !identityonly

package main

// stationPrinter: the device build has no tcp:// or lp: printing, see
// label_print_station.go.
func stationPrinter(string) (send func(string, []byte) error, rest string) { return nil, "" }

// stationOnly explains, when the user asked for it, what only the station
// build has.
func stationOnly(s string, asked bool) string {
	if asked {
		return " (" + s[2:] + " only in the station build, not on the device)"
	}
	return ""
}
