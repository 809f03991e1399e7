//go:build !linux

package station

// isTerminal is false off Linux: no prompt, no bell, line-buffered input.
func isTerminal(uintptr) bool { return false }

func setScanMode(uintptr) (func(), error) { return func() {}, nil }
