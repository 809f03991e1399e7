//go:build !linux && !device && !identityonly

package main

// isTerminal is false off Linux: no prompt, no bell, line-buffered input.
func isTerminal(uintptr) bool { return false }

func setScanMode(uintptr) (func(), error) { return func() {}, nil }
