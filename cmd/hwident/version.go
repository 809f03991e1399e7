package main

import "io"

// release is this tree's release; the Makefile, the Yocto recipe and
// CHANGELOG.md name the same one (TestReleaseEverywhere).
const release = "1.0.0"

// version is set at link time: -ldflags "-X main.version=1.2.3".
var version = ""

func runVersion(a *app, args []string) error {
	fs := a.newFlags("version", "version")
	if err := fs.parse(args); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = moduleVersion()
	}
	_, err := io.WriteString(a.stdout, "hwident "+v+"\n")
	return err
}
