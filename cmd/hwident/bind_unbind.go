//go:build !device && !identityonly

package main

import (
	"fmt"

	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/identity"
)

// bindUnbind records the end of a binding (a product scrapped, a module
// returned), given the product serial or the device label.
func (a *app) bindUnbind(args []string) error {
	f := a.newBindFlags("bind unbind", "bind unbind --ledger FILE [--station ID] [--operator NAME] PRODUCT|DEVICE-PAYLOAD", true)
	sc, err := f.parseOperand(a, args)
	if err != nil {
		return err
	}
	l, err := a.openLedger(*f.ledger)
	if err != nil {
		return err
	}
	defer l.Close()
	var dev identity.Identity
	if sc.Kind == identity.ScanDevice {
		dev = sc.Device
	}
	rec, err := l.Append(func(s *ledger.State) (ledger.Record, error) {
		return s.PlanUnbind(*f.station, *f.operator, sc.Product, dev)
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "unbound %s from %s\n", rec.Product, describeDevice(rec.Device))
	return err
}
