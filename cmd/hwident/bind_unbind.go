//go:build !device && !identityonly

package main

import (
	"context"
	"fmt"

	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity/scan"
)

// bindUnbind records the end of a binding (a product scrapped, a module
// returned), given the product serial or the device label.
func (a *app) bindUnbind(args []string) error {
	f := a.newBindFlags("bind unbind", "bind unbind --ledger FILE|postgres://… [--station ID] [--operator NAME] PRODUCT|DEVICE-PAYLOAD", true)
	sc, err := f.parseOperand(a, args)
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
	_, err = fmt.Fprintf(a.stdout, "unbound %s from %s\n", res.Previous.Product, describeDevice(res.Previous.Device))
	return err
}
