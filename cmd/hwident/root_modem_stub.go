//go:build identityonly

package main

import "github.com/hwident/hwident/cmd/internal/machine"

// openModems: the identity-only build has no modem support.
func openModems(*machine.Machine) {}
