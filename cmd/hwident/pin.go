package main

import (
	"fmt"
	"slices"

	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// pinned implements @pin: the first identity read successfully is recorded
// and emitted ever after, even when the hardware later reads differently
// (then a warning goes to stderr and `hwident show` reports the drift).
func (a *app) pinned(m *machine, pinPath string, live identity.Identity, liveErr error) (identity.Identity, error) {
	pin, err := m.readPin(pinPath)
	switch {
	case rootfs.Missing(err):
		if liveErr != nil {
			return nil, liveErr
		}
		if err := durable.Write(pinPath, identity.EncodePin(live), durable.Options{Perm: 0o644, Root: m.root}); err != nil {
			return nil, fmt.Errorf("pin identity: %w", err)
		}
		return live, nil
	case err != nil:
		return nil, err
	}
	switch {
	case liveErr != nil:
		fmt.Fprintf(a.Stderr, "hwident: warning: emitting the identity pinned in %s; the hardware cannot be read now: %v\n", pinPath, liveErr)
	case !slices.Equal(pin, live):
		fmt.Fprintf(a.Stderr, "hwident: warning: emitting the identity pinned in %s; the hardware now reads differently (see hwident show)\n", pinPath)
	}
	return pin, nil
}

// maxPin bounds a pin file: the identity lines of the largest config.
const maxPin = maxConfig

// readPin returns the pinned identity. An error that rootfs.Missing
// accepts means nothing is pinned yet; a pin path that exists but cannot
// be read (a dangling link, EACCES, a FIFO) is an error like a corrupted pin.
func (m *machine) readPin(pinPath string) (identity.Identity, error) {
	b, err := rootfs.ReadFile(m.fsys, rel(pinPath), maxPin)
	if err != nil {
		return nil, fileError("read pin file", pinPath, err)
	}
	id, err := identity.DecodePin(b)
	if err != nil {
		return nil, fmt.Errorf("pin file %s: %w", quotePath(pinPath), err)
	}
	return id, nil
}
