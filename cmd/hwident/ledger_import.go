//go:build !device && !identityonly

package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/store"
)

const ledgerUsage = `usage: hwident ledger import --ledger postgres://… FILE

import copies every record of the file ledger FILE into the PostgreSQL
ledger (event ids, times and users kept) and verifies each one and every
current binding. Records already imported are skipped, so it can run again.
`

func runLedger(a *app, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 && args[0] == "help" {
			_, err := io.WriteString(a.stdout, ledgerUsage)
			return err
		}
		return usageErr("ledger needs import\n\n%s", ledgerUsage)
	}
	f := a.newFlags("ledger import", "ledger import --ledger postgres://… FILE")
	dsn := f.String("ledger", "", "the PostgreSQL ledger `URL` to import into (required)")
	if err := f.parse(args[1:]); err != nil {
		return err
	}
	if !strings.HasPrefix(*dsn, "postgres://") && !strings.HasPrefix(*dsn, "postgresql://") || f.NArg() != 1 {
		return usageErr("ledger import needs --ledger postgres://… and the ledger FILE")
	}
	ctx := context.Background()
	pg, err := store.OpenPostgres(ctx, *dsn)
	if err != nil {
		return err
	}
	defer pg.Close()
	stats, err := store.ImportFile(ctx, f.Arg(0), pg, func(done, total int) {
		fmt.Fprintf(a.stderr, "hwident: imported %d of %d records\n", done, total)
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "imported %d records (%d were already there), verified %d records and %d current bindings\n",
		stats.Imported, stats.Skipped, stats.Records, stats.Bindings)
	return err
}
