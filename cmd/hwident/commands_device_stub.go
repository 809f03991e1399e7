//go:build identityonly

package main

import "github.com/hwident/hwident/cmd/internal/cli"

func deviceCommands() []cli.Command { return nil }
