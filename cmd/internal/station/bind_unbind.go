package station

import (
	"context"
	"fmt"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity/scan"
)

// bindUnbind records the end of a binding (a product scrapped, a module
// returned), given the product serial or the device label.
func (a *app) bindUnbind(fs *cli.Flags) error {
	f := newBindFlags(fs, true)
	sc, err := f.parseOperand(a)
	if err != nil {
		return err
	}
	st, closeFn, err := a.openBinder(*f.ledger, "", "")
	if err != nil {
		return err
	}
	defer closeFn()
	req := store.UnbindRequest{Product: sc.Product, Station: *f.station, By: *f.operator}
	if sc.Kind == scan.DeviceLabel {
		req.Product, req.Device = "", sc.Device
	}
	res, err := st.(store.Store).Unbind(context.Background(), req)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.Stdout, "unbound %s from %s\n", res.Previous.Product, describeDevice(res.Previous.Device))
	return err
}
