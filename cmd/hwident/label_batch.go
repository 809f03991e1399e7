//go:build !identityonly

package main

import (
	"fmt"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/labelbatch"
	"github.com/hwident/hwident/identity"
)

// readBatch reads the identities of the batch file name (labelbatch).
func readBatch(a *app, name string) ([]identity.Identity, error) {
	data, err := cli.ReadInput(a.App, "--batch", name, labelbatch.MaxInput, "split the batch")
	if err != nil {
		return nil, err
	}
	ids, err := labelbatch.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", cli.InputName(name), err)
	}
	return ids, nil
}
