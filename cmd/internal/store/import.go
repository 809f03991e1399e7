package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hwident/hwident/cmd/internal/ledger"
)

// ErrDamagedLedger: the file ledger has lines that are not records; it is
// not imported until they are repaired.
var ErrDamagedLedger = errors.New("the ledger file has damaged lines: repair them first (hwident bind status shows them)")

// ImportStats says what ImportFile did.
type ImportStats struct {
	Records, Imported, Skipped, Bindings int
}

// ImportFile copies every record of a file ledger into PostgreSQL, keeping
// event ids, times and users, and verifies the result: every record is
// read back by id and compared, and every current binding of the file is
// the database's. Records already imported (same id) are skipped, so an
// interrupted import can run again.
func ImportFile(ctx context.Context, name string, pg *Postgres, progress func(done, total int)) (ImportStats, error) {
	st, err := ledger.Load(name)
	if err != nil {
		return ImportStats{}, err
	}
	if len(st.Damage) > 0 || st.Truncated != nil {
		return ImportStats{}, fmt.Errorf("%s: %d damaged lines: %w", name, len(st.Damage), ErrDamagedLedger)
	}
	stats := ImportStats{Records: len(st.Records)}
	evs := make([]Event, len(st.Records))
	for i, r := range st.Records {
		evs[i] = Event{ID: fileEventID(i+1, r), Kind: Kind(r.Event), Product: r.Product, GTIN: r.GTIN, Device: r.Device,
			PreviousDevice: r.PreviousDevice, PreviousProduct: r.PreviousProduct, At: r.Time, By: r.Operator, Station: r.Station,
			Reason: r.Reason, IdempotencyKey: r.IdempotencyKey}
		ok, err := pg.Import(ctx, evs[i])
		if err != nil {
			return stats, fmt.Errorf("record %d: %w", i+1, err)
		}
		if ok {
			stats.Imported++
		} else {
			stats.Skipped++
		}
		if progress != nil && (i+1)%1000 == 0 {
			progress(i+1, len(st.Records))
		}
	}
	for i, want := range evs {
		got, err := pg.eventByID(ctx, want.ID)
		if err != nil {
			return stats, fmt.Errorf("verify record %d: %w", i+1, err)
		}
		if got.Kind != want.Kind || got.Product != want.Product || got.Device.ID() != want.Device.ID() || !got.At.Equal(want.At) || got.By != want.By ||
			got.PreviousProduct != want.PreviousProduct || got.PreviousDevice.ID() != want.PreviousDevice.ID() {
			return stats, fmt.Errorf("verify record %d: the database holds %+v, the file %+v", i+1, got, want)
		}
	}
	for _, b := range st.Bindings() {
		got, ok, err := pg.ByProduct(ctx, b.Product)
		if err != nil {
			return stats, err
		}
		if !ok || got.DeviceHash() != b.DeviceHash() {
			return stats, fmt.Errorf("verify: product %s is bound to %s in the file but not in the database: the database had other events; import into an empty database", b.Product, short(b.DeviceHash()))
		}
		stats.Bindings++
	}
	return stats, nil
}

func (p *Postgres) eventByID(ctx context.Context, id string) (Event, error) {
	ev, err := scanEvent(p.pool.QueryRow(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.event_id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Event{}, fmt.Errorf("event %s: %w", id, ErrNotFound)
	}
	return ev, wrap(err)
}
