package main

import (
	"bytes"
	"fmt"

	"golang.org/x/sys/unix"
)

// syslog(2) actions.
const (
	syslogReadAll      = 3
	syslogConsoleLevel = 8
)

// quietConsole keeps kernel messages off the console while the plan runs,
// so none lands inside a result line; printKernelWarnings shows them after.
func quietConsole() {
	// Level 1: only KERN_EMERG reaches the console.
	if _, _, errno := unix.Syscall(unix.SYS_SYSLOG, syslogConsoleLevel, 0, 1); errno != 0 {
		fmt.Printf("vmtest: cannot quieten the kernel console: %v\n", errno)
	}
}

// printKernelWarnings prints the kernel log's warnings and worse.
func printKernelWarnings() {
	buf := make([]byte, 1<<20)
	n, err := unix.Klogctl(syslogReadAll, buf)
	if err != nil {
		fmt.Printf("vmtest: cannot read the kernel log: %v\n", err)
		return
	}
	for _, line := range bytes.Split(buf[:n], []byte("\n")) {
		// Records start with "<N>", N the level; 0-4 are emerg..warning.
		if len(line) > 3 && line[0] == '<' && line[2] == '>' && line[1] >= '0' && line[1] <= '4' {
			fmt.Printf("vmtest: kernel: %s\n", line[3:])
		}
	}
}
