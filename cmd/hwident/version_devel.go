//go:build device || identityonly

package main

// moduleVersion is the release: device builds always get -X main.version (the
// Makefile, the Yocto recipe), and runtime/debug's build-info parser costs
// space (docs/size.md).
func moduleVersion() string { return release }
