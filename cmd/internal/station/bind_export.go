package station

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/identity"
)

// exportedBinding is one current binding in the JSON export. identity_data
// is the id_data object the device's Mender client sends.
type exportedBinding struct {
	Product      string          `json:"product_serial"`
	GTIN         string          `json:"gtin,omitempty"`
	IdentityHash string          `json:"identity_hash"`
	IdentityData json.RawMessage `json:"identity_data"`
	Identity     []exportedAttr  `json:"identity"`
	BoundAt      string          `json:"bound_at"`
	Station      string          `json:"station"`
	Operator     string          `json:"operator"`
}

// exportedAttr is one attribute; like the ledger, a value that is not valid
// UTF-8 (which JSON would turn into U+FFFD) is value_pct, percent-encoded.
type exportedAttr struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	ValuePct string `json:"value_pct,omitempty"`
}

// bindExporter returns the exporter of a format, nil for an unknown one.
func bindExporter(format string) func(bs []store.Binding) ([]byte, error) {
	switch format {
	case "csv":
		return exportCSV
	case "json":
		return exportJSON
	}
	return nil
}

// bindExport writes the current bindings, sorted by product serial, of a
// ledger file, a PostgreSQL ledger or the service, alike.
func (a *app) bindExport(fs *cli.Flags) error {
	f := newBindFlags(fs, false)
	format := f.String("format", "csv", "output `format`: csv or json")
	f.server = f.String("server", "", "export from hwident serve at `URL` (an admin's token in $"+serviceTokenEnv+"), instead of --ledger")
	serverCA := f.String("server-ca", "", "PEM `FILE` of the CA (or the self-signed certificate) the --server certificate must chain to (default: the system's)")
	if err := f.parse(a); err != nil {
		return err
	}
	if len(f.Args()) > 0 {
		return cli.Usagef("bind export takes no arguments, got %q", f.Args())
	}
	export := bindExporter(*format)
	if export == nil {
		return cli.Usagef("unknown --format %q: use csv or json", *format)
	}
	bs, err := a.currentBindings(*f.ledger, *f.server, *serverCA)
	if err != nil {
		return err
	}
	out, err := export(bs)
	if err != nil {
		return err
	}
	_, err = a.Stdout.Write(out)
	return err
}

// currentBindings reads a ledger file as it is (never creating or locking
// it for writing), or asks the database or the service.
func (a *app) currentBindings(ledgerSpec, serverURL, caFile string) ([]store.Binding, error) {
	if serverURL == "" && !strings.Contains(ledgerSpec, "://") {
		s, err := ledger.Load(ledgerSpec)
		if err != nil {
			return nil, err
		}
		a.warnDamage(ledgerSpec, s)
		var out []store.Binding
		for _, b := range s.Bindings() {
			out = append(out, store.Binding{Product: b.Product, GTIN: b.GTIN, Device: b.Device, Since: b.Since, By: b.Operator, Station: b.Station})
		}
		return out, nil
	}
	bd, done, err := a.openBinder(ledgerSpec, serverURL, caFile)
	if err != nil {
		return nil, err
	}
	defer done()
	lister, ok := bd.(bindingLister)
	if !ok {
		return nil, fmt.Errorf("bind export: %T cannot list bindings", bd)
	}
	var out []store.Binding
	err = lister.Bindings(context.Background(), func(b store.Binding) error { out = append(out, b); return nil })
	return out, err
}

// bindingLister is what every store and the service's client are.
type bindingLister interface {
	Bindings(context.Context, func(store.Binding) error) error
}

func exportCSV(bs []store.Binding) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"product_serial", "gtin", "identity_hash", "identity_data", "bound_at", "station", "operator"})
	for _, x := range bs {
		w.Write([]string{x.Product, x.GTIN, x.DeviceHash(), string(x.Device.JSON()), formatTime(x.Since), x.Station, x.By})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func exportJSON(bs []store.Binding) ([]byte, error) {
	out := make([]exportedBinding, len(bs))
	for i, x := range bs {
		attrs := make([]exportedAttr, len(x.Device))
		for j, at := range x.Device {
			attrs[j] = exportedAttr{Key: at.Key, Value: at.Value}
			if !utf8.ValidString(at.Value) {
				attrs[j] = exportedAttr{Key: at.Key, ValuePct: identity.EncodeValue(at.Value)}
			}
		}
		out[i] = exportedBinding{Product: x.Product, GTIN: x.GTIN, IdentityHash: x.DeviceHash(), IdentityData: x.Device.JSON(),
			Identity: attrs, BoundAt: formatTime(x.Since), Station: x.Station, Operator: x.By}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return append(b, '\n'), err
}
