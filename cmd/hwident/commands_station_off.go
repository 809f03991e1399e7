//go:build device || identityonly

package main

func stationCommands() []command { return nil }
