//go:build device || identityonly

package main

import "github.com/hwident/hwident/cmd/internal/cli"

// Without the station package (commands_station.go): no station commands,
// and no tcp:// or lp: printing, as net and os/exec would each cost the
// device build more than its budget has left (docs/size.md). On a device,
// print with --print /dev/usb/lp0, or pipe the ZPL on stdout to nc.

func stationCommands() []cli.Command { return nil }

// moduleVersion is the release: device builds always get -X main.version
// (the Makefile, the Yocto recipe), and runtime/debug's build-info parser
// costs space (docs/size.md).
func moduleVersion() string { return release }
