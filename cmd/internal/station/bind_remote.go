package station

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hwident/hwident/cmd/internal/apiclient"
	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/cmd/internal/store"
)

// serviceTokenEnv holds the API token of bind --server.
const serviceTokenEnv = "HWIDENT_TOKEN"

// openBinder opens the ledger (a file or PostgreSQL) or the service.
func (a *app) openBinder(ledgerSpec, serverURL, caFile string) (binder, func(), error) {
	if serverURL == "" {
		st, err := openStore(context.Background(), ledgerSpec)
		if err != nil {
			return nil, nil, err
		}
		if fs, ok := st.(*store.File); ok {
			// A ledger whose damage blocks every decision is refused at once.
			if bad := fs.Damage().Blocking(); len(bad) > 0 {
				st.Close()
				return nil, nil, &ledger.DamagedError{Name: ledgerSpec, Damage: bad}
			}
			a.warnDamage(ledgerSpec, fs.Damage())
		}
		return st, func() { st.Close() }, nil
	}
	tok := a.Getenv(serviceTokenEnv)
	if tok == "" {
		return nil, nil, cli.Usagef("bind --server needs an API token in $%s (hwident serve token create)", serviceTokenEnv)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--server-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, nil, fmt.Errorf("--server-ca %s: no PEM certificate in it", caFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	c := apiclient.New(serverURL, tok, &http.Client{Transport: tr, Timeout: 30 * time.Second})
	return c, func() {}, nil
}
