//go:build !device && !identityonly

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
)

// bindStatus shows the current binding of a product or a device and its
// history, oldest first.
func (a *app) bindStatus(args []string) error {
	f := a.newBindFlags("bind status", "bind status --ledger FILE PRODUCT|DEVICE-PAYLOAD", false)
	sc, err := f.parseOperand(a, args)
	if err != nil {
		return err
	}
	if strings.Contains(*f.ledger, "://") {
		return a.bindStatusStore(*f.ledger, sc)
	}
	s, err := ledger.Load(*f.ledger)
	if err != nil {
		return err
	}
	a.warnDamage(*f.ledger, s)
	var b strings.Builder
	var history []ledger.Record
	if sc.Kind == identity.ScanDevice {
		h := sc.Device.ID()
		history = s.DeviceHistory(h)
		if bd, ok := s.ByDevice(h); ok {
			fmt.Fprintf(&b, "%s: bound to product %s since %s (station %s, operator %s)\n", describeDevice(sc.Device), identity.QuoteName(bd.Product), formatTime(bd.Since), identity.QuoteName(bd.Station), identity.QuoteName(bd.Operator))
		} else {
			fmt.Fprintf(&b, "%s: not bound\n", describeDevice(sc.Device))
		}
		if len(history) == 0 {
			return fmt.Errorf("%s is not in the ledger", describeDevice(sc.Device))
		}
	} else {
		history = s.ProductHistory(sc.Product)
		if bp, ok := s.ByProduct(sc.Product); ok {
			fmt.Fprintf(&b, "product %s: bound to %s since %s (station %s, operator %s)\n  identity hash %s\n", identity.QuoteName(sc.Product), describeDevice(bp.Device), formatTime(bp.Since), identity.QuoteName(bp.Station), identity.QuoteName(bp.Operator), bp.DeviceHash())
		} else {
			fmt.Fprintf(&b, "product %s: not bound\n", identity.QuoteName(sc.Product))
		}
		if len(history) == 0 {
			return fmt.Errorf("product %s is not in the ledger", sc.Product)
		}
	}
	b.WriteString("history:\n")
	for _, r := range history {
		fmt.Fprintf(&b, "  %s %-7s product %s  %s", formatTime(r.Time), r.Event, identity.QuoteName(r.Product), describeDevice(r.Device))
		if len(r.PreviousDevice) > 0 {
			fmt.Fprintf(&b, "  replacing %s", describeDevice(r.PreviousDevice))
		}
		if r.PreviousProduct != "" {
			fmt.Fprintf(&b, "  taken from product %s", identity.QuoteName(r.PreviousProduct))
		}
		fmt.Fprintf(&b, "  station %s  operator %s\n", identity.QuoteName(r.Station), identity.QuoteName(r.Operator))
	}
	_, err = a.stdout.Write([]byte(b.String()))
	return err
}

// bindStatusStore is bind status on a database ledger, in the same form.
func (a *app) bindStatusStore(spec string, sc identity.Scan) error {
	ctx := context.Background()
	st, err := openStore(ctx, spec)
	if err != nil {
		return err
	}
	defer st.Close()
	var b strings.Builder
	var history []store.Event
	if sc.Kind == identity.ScanDevice {
		h := sc.Device.ID()
		if history, err = st.History(ctx, "", h); err != nil {
			return err
		}
		bd, ok, err := st.ByDevice(ctx, h)
		if err != nil {
			return err
		}
		if ok {
			fmt.Fprintf(&b, "%s: bound to product %s since %s (station %s, operator %s)\n", describeDevice(sc.Device), identity.QuoteName(bd.Product), formatTime(bd.Since), identity.QuoteName(bd.Station), identity.QuoteName(bd.By))
		} else {
			fmt.Fprintf(&b, "%s: not bound\n", describeDevice(sc.Device))
		}
		if len(history) == 0 {
			return fmt.Errorf("%s is not in the ledger", describeDevice(sc.Device))
		}
	} else {
		if history, err = st.History(ctx, sc.Product, ""); err != nil {
			return err
		}
		bp, ok, err := st.ByProduct(ctx, sc.Product)
		if err != nil {
			return err
		}
		if ok {
			fmt.Fprintf(&b, "product %s: bound to %s since %s (station %s, operator %s)\n  identity hash %s\n", identity.QuoteName(sc.Product), describeDevice(bp.Device), formatTime(bp.Since), identity.QuoteName(bp.Station), identity.QuoteName(bp.By), bp.DeviceHash())
		} else {
			fmt.Fprintf(&b, "product %s: not bound\n", identity.QuoteName(sc.Product))
		}
		if len(history) == 0 {
			return fmt.Errorf("product %s is not in the ledger", sc.Product)
		}
	}
	b.WriteString("history:\n")
	for _, r := range history {
		fmt.Fprintf(&b, "  %s %-7s product %s  %s", formatTime(r.At), r.Kind, identity.QuoteName(r.Product), describeDevice(r.Device))
		if len(r.PreviousDevice) > 0 {
			fmt.Fprintf(&b, "  replacing %s", describeDevice(r.PreviousDevice))
		}
		if r.PreviousProduct != "" {
			fmt.Fprintf(&b, "  taken from product %s", identity.QuoteName(r.PreviousProduct))
		}
		fmt.Fprintf(&b, "  station %s  operator %s\n", identity.QuoteName(r.Station), identity.QuoteName(r.By))
	}
	_, err = a.stdout.Write([]byte(b.String()))
	return err
}
