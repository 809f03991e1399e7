//go:build !device && !identityonly

package main

import (
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/station"
)

// The station build (the default, for factory station PCs) adds the
// station's commands, printing to network and CUPS printers, and the
// version `go install` records. The device and identity-only builds leave
// the station package out (commands_station_stub.go).

func stationCommands() []cli.Command { return station.Commands() }

func stationPrinter(target string, timeout time.Duration) func(job []byte) error {
	return station.Printer(target, timeout)
}

// stationOnly returns what the station build adds to a list of choices.
func stationOnly(s string, _ bool) string { return s }

func moduleVersion() string { return station.ModuleVersion(release) }
