//go:build device && !identityonly

package main

import (
	"errors"

	"github.com/hwident/hwident/identity"
)

// readBatch is station work: the device build leaves out the CSV and JSON
// parsers to stay small.
func readBatch(*app, string) ([]identity.Identity, error) {
	return nil, errors.New("--batch is not in this device build: run hwident label --batch on the factory station")
}
