package menderapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNoDevice: no device on the server has the identity (not preauthorised,
// not connected yet, or inventory has not caught up).
var ErrNoDevice = errors.New("no device with this identity on the server: preauthorise it (hwident mender preauth) or let it connect first")

// AmbiguousError: several devices have the identity.
type AmbiguousError struct{ IDs []string }

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%d devices have this identity (%s): decommission the stale ones", len(e.IDs), strings.Join(e.IDs, ", "))
}

// FindDevice returns the ID of the one device whose identity is exactly
// idData. Deviceauth copies a new device's identity to inventory
// asynchronously (tens of milliseconds after preauthorisation or the first
// connection), so "not found" is asked again, with growing pauses, for up
// to wait.
func (c *Client) FindDevice(ctx context.Context, idData []byte, wait time.Duration) (string, error) {
	filters, err := IdentityFilters(idData)
	if err != nil {
		return "", err
	}
	deadline := time.Now().Add(wait)
	pause := 25 * time.Millisecond
	for {
		devs, err := c.Search(ctx, filters)
		if err != nil {
			return "", fmt.Errorf("find device: %w", err)
		}
		var ids []string
		for _, d := range devs {
			if d.HasIdentity(idData) {
				ids = append(ids, d.ID)
			}
		}
		switch {
		case len(ids) == 1:
			return ids[0], nil
		case len(ids) > 1:
			return "", &AmbiguousError{IDs: ids}
		case time.Now().Add(pause).After(deadline):
			return "", ErrNoDevice
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(pause):
		}
		pause *= 2
	}
}
