//go:build device || identityonly

package main

// moduleVersion is "devel": device builds always get -X main.version (the
// Makefile, the Yocto recipe), and runtime/debug's build-info parser costs
// space (docs/size.md).
func moduleVersion() string { return "devel" }
