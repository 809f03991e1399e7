//go:build !identityonly

package main

// deviceCommands are left out of the -tags identityonly build.
func deviceCommands() []command {
	return []command{}
}
