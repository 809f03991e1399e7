//go:build !device && !identityonly

package main

import "runtime/debug"

// moduleVersion is the version `go install ...@v1.2.3` records, for
// station binaries built without the Makefile.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return release
}
