package station

import "runtime/debug"

// ModuleVersion is the version `go install ...@v1.2.3` records, for
// station binaries built without the Makefile; else release.
func ModuleVersion(release string) string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return release
}
