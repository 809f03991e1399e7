package replicate

import (
	"context"
	"errors"
	"fmt"

	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
)

// Inventory tags the Mender target writes.
const (
	TagProductSerial = "product_serial"
	TagGTIN          = "gtin"
	// TagReplacedBy marks a module taken out of a product: the Mender
	// device ID of the module that replaced it (Mender has no device
	// relation of its own; decommissioning would delete the inventory).
	TagReplacedBy = "replaced_by"
)

// Mender writes bindings to Mender's inventory: the bound device gets the
// product_serial (and gtin) tags; on replace the new device also moves
// into the old module's static group and the old device loses the product
// tags and gets replaced_by; on unbind the product tags are removed. Every
// write sets the final state, so a repeated delivery changes nothing.
type Mender struct {
	Client *menderapi.Client
}

func (m *Mender) Name() string { return "mender" }

// ErrDeviceUnknown: Mender does not know the device yet (not preauthorised
// or not connected); the event is retried until it appears.
var ErrDeviceUnknown = errors.New("device not known to Mender yet (not preauthorised or never connected): retried until it appears")

func (m *Mender) find(ctx context.Context, id identity.Identity) (string, error) {
	devID, err := m.Client.FindDevice(ctx, id.JSON(), 0)
	var amb *menderapi.AmbiguousError
	switch {
	case errors.Is(err, menderapi.ErrNoDevice):
		return "", ErrDeviceUnknown
	case errors.As(err, &amb):
		return "", err // retried: an operator may decommission the stale device
	}
	return devID, err
}

func (m *Mender) Deliver(ctx context.Context, ev store.Event) error {
	switch ev.Kind {
	case store.KindBind:
		return m.tag(ctx, ev)
	case store.KindReplace:
		return m.replace(ctx, ev)
	case store.KindUnbind:
		return m.untag(ctx, ev.Device, "")
	}
	return fmt.Errorf("%w: unknown event kind %q", ErrPermanent, ev.Kind)
}

// tag sets the product tags on the event's device and returns its ID.
func (m *Mender) tag(ctx context.Context, ev store.Event) error {
	_, err := m.tagDevice(ctx, ev)
	return err
}

func (m *Mender) tagDevice(ctx context.Context, ev store.Event) (string, error) {
	id, err := m.find(ctx, ev.Device)
	if err != nil {
		return "", err
	}
	_, err = m.Client.ReplaceTags(ctx, id, func(t map[string]string) {
		t[TagProductSerial] = ev.Product
		if ev.GTIN != "" {
			t[TagGTIN] = ev.GTIN
		} else {
			delete(t, TagGTIN)
		}
		delete(t, TagReplacedBy) // back in service
	})
	if err != nil {
		return "", fmt.Errorf("device %s: %w", id, err)
	}
	return id, nil
}

// untag removes the product tags of a device; replacedBy, when not "",
// marks it as replaced by that device. A device Mender does not know has
// no tags to remove.
func (m *Mender) untag(ctx context.Context, dev identity.Identity, replacedBy string) error {
	id, err := m.find(ctx, dev)
	if errors.Is(err, ErrDeviceUnknown) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = m.Client.ReplaceTags(ctx, id, func(t map[string]string) {
		delete(t, TagProductSerial)
		delete(t, TagGTIN)
		if replacedBy != "" {
			t[TagReplacedBy] = replacedBy
		}
	})
	if err != nil {
		return fmt.Errorf("device %s: %w", id, err)
	}
	return nil
}

func (m *Mender) replace(ctx context.Context, ev store.Event) error {
	newID, err := m.tagDevice(ctx, ev)
	if err != nil {
		return err
	}
	if len(ev.PreviousDevice) == 0 {
		return nil // the device moved from another product: nothing to mark
	}
	oldID, err := m.find(ctx, ev.PreviousDevice)
	if errors.Is(err, ErrDeviceUnknown) {
		return nil // the old module never reached Mender
	}
	if err != nil {
		return err
	}
	group, err := m.Client.Group(ctx, oldID)
	if err != nil {
		return fmt.Errorf("device %s group: %w", oldID, err)
	}
	if group != "" {
		if cur, err := m.Client.Group(ctx, newID); err != nil {
			return fmt.Errorf("device %s group: %w", newID, err)
		} else if cur != group {
			if err := m.Client.SetGroup(ctx, newID, group); err != nil {
				return fmt.Errorf("device %s group: %w", newID, err)
			}
		}
	}
	return m.untag(ctx, ev.PreviousDevice, newID)
}
