//go:build identityonly

package main

func deviceCommands() []command { return nil }
