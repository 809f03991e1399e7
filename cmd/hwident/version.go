package main

import (
	"io"

	"github.com/hwident/hwident/cmd/internal/cli"
)

// release is this tree's release; the Makefile, the Yocto recipe and
// CHANGELOG.md name the same one (TestReleaseEverywhere).
const release = "1.0.0"

// version is set at link time: -ldflags "-X main.version=1.2.3".
var version = ""

func runVersion(a *cli.App, fs *cli.Flags) error {
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return cli.Usagef("version takes no arguments")
	}
	v := version
	if v == "" {
		v = moduleVersion()
	}
	_, err := io.WriteString(a.Stdout, "hwident "+v+"\n")
	return err
}
