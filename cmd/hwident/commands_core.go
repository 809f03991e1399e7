package main

import "github.com/hwident/hwident/cmd/internal/cli"

// coreCommands are in every build, including -tags identityonly.
func coreCommands() []cli.Command {
	return []cli.Command{
		{Name: "identity", Summary: "print the device identity (Mender key=value lines, JSON or hash)",
			Synopsis: "identity [--root DIR] [--config FILE] [--format mender|json|id|memfault|hawkbit]",
			Help:     "Without a config file the identity is Mender's default: mac=.\n", Run: runIdentity},
		{Name: "show", Summary: "list every hardware identifier found and whether it is usable",
			Synopsis: "show [--root DIR] [--config FILE] [--json]", Run: runShow},
		{Name: "version", Summary: "print the version", Synopsis: "version", Run: runVersion},
	}
}
