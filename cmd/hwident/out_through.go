//go:build !identityonly

package main

import "github.com/hwident/hwident/cmd/internal/durable"

// outputThrough writes --out into a device or FIFO: with a reader awaited
// and writes bounded by durable.DeviceTimeout.
func outputThrough(target string, data []byte) error {
	return durable.ThroughDevices(durable.DeviceTimeout)(target, data)
}
