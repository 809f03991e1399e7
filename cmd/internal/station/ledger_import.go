package station

import (
	"context"
	"fmt"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/store"
)

const ledgerHelp = `import copies every record of the file ledger FILE into the PostgreSQL
ledger (event ids, times and users kept) and verifies each one and every
current binding. Records already imported are skipped, so it can run again.
`

func (a *app) ledgerImport(f *cli.Flags) error {
	dsn := f.String("ledger", "", "the PostgreSQL ledger `URL` to import into (required)")
	if err := f.Parse(); err != nil {
		return err
	}
	if !strings.HasPrefix(*dsn, "postgres://") && !strings.HasPrefix(*dsn, "postgresql://") || len(f.Args()) != 1 {
		return cli.Usagef("ledger import needs --ledger postgres://… and the ledger FILE")
	}
	ctx := context.Background()
	pg, err := store.OpenPostgres(ctx, *dsn)
	if err != nil {
		return err
	}
	defer pg.Close()
	stats, err := store.ImportFile(ctx, f.Arg(0), pg, func(done, total int) {
		fmt.Fprintf(a.Stderr, "hwident: imported %d of %d records\n", done, total)
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.Stdout, "imported %d records (%d were already there), verified %d records and %d current bindings\n",
		stats.Imported, stats.Skipped, stats.Records, stats.Bindings)
	return err
}
