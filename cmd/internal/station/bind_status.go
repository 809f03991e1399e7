package station

import (
	"context"
	"fmt"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/scan"
)

// bindStatus shows the current binding of a product or a device and its
// history, oldest first, from a file ledger or a database ledger alike.
func (a *app) bindStatus(fs *cli.Flags) error {
	f := newBindFlags(fs, false)
	sc, err := f.parseOperand(a)
	if err != nil {
		return err
	}
	var cur *store.Binding
	var history []store.Event
	if strings.Contains(*f.ledger, "://") {
		cur, history, err = statusFromStore(*f.ledger, sc)
	} else {
		cur, history, err = a.statusFromFile(*f.ledger, sc)
	}
	if err != nil {
		return err
	}
	out, err := formatBindStatus(sc, cur, history)
	if err != nil {
		return err
	}
	_, err = a.Stdout.Write([]byte(out))
	return err
}

// statusFromFile reads a file ledger's binding and history of the scan as
// the store types, so both ledgers print alike.
func (a *app) statusFromFile(path string, sc scan.Result) (*store.Binding, []store.Event, error) {
	s, err := ledger.Load(path)
	if err != nil {
		return nil, nil, err
	}
	a.warnDamage(path, s)
	var bd ledger.Binding
	var ok bool
	var recs []ledger.Record
	if sc.Kind == scan.DeviceLabel {
		h := sc.Device.ID()
		recs = s.DeviceHistory(h)
		bd, ok = s.ByDevice(h)
	} else {
		recs = s.ProductHistory(sc.Product)
		bd, ok = s.ByProduct(sc.Product)
	}
	var cur *store.Binding
	if ok {
		cur = &store.Binding{Product: bd.Product, GTIN: bd.GTIN, Device: bd.Device, Since: bd.Since, By: bd.Operator, Station: bd.Station}
	}
	history := make([]store.Event, len(recs))
	for i, r := range recs {
		history[i] = store.Event{Kind: store.Kind(r.Event), Product: r.Product, GTIN: r.GTIN, Device: r.Device,
			PreviousDevice: r.PreviousDevice, PreviousProduct: r.PreviousProduct, At: r.Time, By: r.Operator, Station: r.Station, Reason: r.Reason}
	}
	return cur, history, nil
}

// statusFromStore is statusFromFile for a database ledger.
func statusFromStore(spec string, sc scan.Result) (*store.Binding, []store.Event, error) {
	ctx := context.Background()
	st, err := openStore(ctx, spec)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	var bd store.Binding
	var ok bool
	var history []store.Event
	if sc.Kind == scan.DeviceLabel {
		h := sc.Device.ID()
		if history, err = st.History(ctx, "", h); err == nil {
			bd, ok, err = st.ByDevice(ctx, h)
		}
	} else {
		if history, err = st.History(ctx, sc.Product, ""); err == nil {
			bd, ok, err = st.ByProduct(ctx, sc.Product)
		}
	}
	if err != nil || !ok {
		return nil, history, err
	}
	return &bd, history, nil
}

// formatBindStatus is what bind status prints. Product, station and
// operator text comes from the ledger, which anyone with write access may
// have edited: it is escaped before it reaches the terminal.
func formatBindStatus(sc scan.Result, cur *store.Binding, history []store.Event) (string, error) {
	var b strings.Builder
	if sc.Kind == scan.DeviceLabel {
		if cur != nil {
			fmt.Fprintf(&b, "%s: bound to product %s since %s (station %s, operator %s)\n", describeDevice(sc.Device), identity.QuoteName(cur.Product), formatTime(cur.Since), identity.QuoteName(cur.Station), identity.QuoteName(cur.By))
		} else {
			fmt.Fprintf(&b, "%s: not bound\n", describeDevice(sc.Device))
		}
		if len(history) == 0 {
			return "", fmt.Errorf("%s is not in the ledger", describeDevice(sc.Device))
		}
	} else {
		if cur != nil {
			fmt.Fprintf(&b, "product %s: bound to %s since %s (station %s, operator %s)\n  identity hash %s\n", identity.QuoteName(sc.Product), describeDevice(cur.Device), formatTime(cur.Since), identity.QuoteName(cur.Station), identity.QuoteName(cur.By), cur.DeviceHash())
		} else {
			fmt.Fprintf(&b, "product %s: not bound\n", identity.QuoteName(sc.Product))
		}
		if len(history) == 0 {
			return "", fmt.Errorf("product %s is not in the ledger", identity.QuoteName(sc.Product))
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
	return b.String(), nil
}
