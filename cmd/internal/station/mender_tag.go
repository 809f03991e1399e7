package station

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/identity"
)

// productSerialTag is the inventory tag the station sets.
const productSerialTag = "product_serial"

func (a *app) menderTag(fs *cli.Flags) error {
	f := newMenderFlags(fs)
	serial := f.String("product-serial", "", "the product `SERIAL` to tag the device with")
	replace := f.Bool("replace", false, "overwrite a product_serial tag with another value (the module moved to another product)")
	if err := f.Parse(); err != nil {
		return err
	}
	if len(f.Args()) > 0 {
		return cli.Usagef("mender tag takes no arguments, got %q", f.Args())
	}
	*serial = strings.TrimSpace(*serial)
	if err := identity.CheckProductSerial(*serial); err != nil {
		return cli.Usagef("mender tag needs --product-serial SERIAL: %q: %w", *serial, err)
	}
	c, err := f.client(a)
	if err != nil {
		return err
	}
	id, idData, err := f.readIdentityData(a)
	if err != nil {
		return err
	}
	ctx := context.Background()
	devID, err := findDevice(ctx, c, idData)
	if err != nil {
		return fmt.Errorf("identity %s: %w", id.ID(), err)
	}
	changed, err := c.SetTag(ctx, devID, menderapi.Tag{Name: productSerialTag, Value: *serial}, *replace)
	var conflict *menderapi.TagConflictError
	if errors.As(err, &conflict) {
		return fmt.Errorf("device %s: %w; give --replace if the module now belongs to product %s", devID, err, *serial)
	}
	if err != nil {
		return fmt.Errorf("device %s: %w", devID, err)
	}
	verb := "tagged"
	if !changed {
		verb = "already tagged"
	}
	_, err = fmt.Fprintf(a.Stdout, "%s device %s %s=%s\n", verb, devID, productSerialTag, *serial)
	return err
}

// findWait is how long mender tag waits for inventory to know a device
// that was just preauthorised or connected.
const findWait = 1500 * time.Millisecond

// findDevice returns the ID of the one device whose identity is exactly idData.
func findDevice(ctx context.Context, c *menderapi.Client, idData []byte) (string, error) {
	return c.FindDevice(ctx, idData, findWait)
}
