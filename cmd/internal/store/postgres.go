package store

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is the store in a PostgreSQL database shared by several serve
// instances and CLI stations. The database enforces the rules: bindings
// has one row per product and a unique device, events is append-only (a
// trigger refuses UPDATE and DELETE), and an event, its binding change and
// its outbox rows are one transaction.
type Postgres struct {
	pool *pgxpool.Pool
}

// defaultPoolConns is the connection pool's size unless the ledger URL
// sets pool_max_conns. A bind waits mostly for its commit to reach the
// disk, not for a core, and PostgreSQL flushes concurrent commits
// together: pgx's default (4 on 2 cores) held 50 clients to about 600
// binds/s, 32 connections gave 1,900-2,500 on the same machine
// (docs/provisioning.md). PostgreSQL allows 100 connections by default:
// three serve instances at this size, or lower it in the URL.
const defaultPoolConns = 32

//go:embed migrations/*.sql
var migrations embed.FS

// OpenPostgres connects and applies the migrations the database lacks.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("ledger URL: %w", err) // pgx never echoes the password
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = defaultPoolConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the ledger database: %w", err)
	}
	p := &Postgres{pool: pool}
	if err := p.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return p, nil
}

// migrate applies migrations/NNNN_*.sql in order, each in a transaction
// with its version recorded, holding an advisory lock so that instances
// starting together apply each once.
func (p *Postgres) migrate(ctx context.Context) error {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return unavailable(fmt.Errorf("connect to the ledger database: %w", err))
	}
	defer conn.Release()
	const lock = 0x6877_6964 // "hwid"
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lock); err != nil {
		return unavailable(fmt.Errorf("migrate: %w", err))
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have int
	if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	files, err := migrations.ReadDir("migrations")
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, f.Name())
	}
	sort.Strings(names)
	latest := 0
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its version", name)
		}
		latest = v
		if v <= have {
			continue
		}
		sql, err := migrations.ReadFile(path.Join("migrations", name))
		if err != nil {
			return err
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(sql)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", v, name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if have > latest {
		return fmt.Errorf("the ledger database has schema version %d, this hwident knows up to %d: upgrade hwident", have, latest)
	}
	return nil
}

// SchemaVersion is the version of the last migration applied.
func (p *Postgres) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := p.pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, wrap(err)
}

func (p *Postgres) Close() error { p.pool.Close(); return nil }

func (p *Postgres) Ping(ctx context.Context) error { return wrap(p.pool.Ping(ctx)) }

// unavailable marks errors of an unreachable or restarting database, so
// the service answers 503 and clients retry.
func unavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// wrap classifies a database error.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		if strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P") || pe.Code == "53300" {
			return unavailable(err)
		}
		return err
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") {
		return unavailable(err)
	}
	return err
}

// retryable reports errors after which the transaction is run again: a
// unique constraint lost to a concurrent writer (the new run sees its row
// and applies the rules to it), a serialization failure or a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "23505" || pe.Code == "40001" || pe.Code == "40P01")
}

// txAttempts bounds the reruns of a transaction that lost a race.
const txAttempts = 8

func (p *Postgres) inTx(ctx context.Context, fn func(tx pgx.Tx) (Result, error)) (Result, error) {
	var res Result
	var err error
	for range txAttempts {
		err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
			var ferr error
			res, ferr = fn(tx)
			return ferr
		})
		if !retryable(err) {
			break
		}
	}
	if err != nil {
		return Result{}, wrap(err)
	}
	return res, nil
}

const eventColumns = `e.seq, e.event_id, e.kind, e.product, e.gtin, e.device, e.prev_device, e.prev_product, e.at, e.by_user, e.station, e.reason, coalesce(e.idempotency_key, '')`

func scanEvent(row pgx.Row) (Event, error) {
	var ev Event
	var dev, prev string
	err := row.Scan(&ev.Seq, &ev.ID, &ev.Kind, &ev.Product, &ev.GTIN, &dev, &prev, &ev.PreviousProduct, &ev.At, &ev.By, &ev.Station, &ev.Reason, &ev.IdempotencyKey)
	if err != nil {
		return Event{}, err
	}
	ev.At = ev.At.UTC()
	if ev.Device, err = decodeIdentity(dev); err != nil {
		return Event{}, err
	}
	if ev.PreviousDevice, err = decodeIdentity(prev); err != nil {
		return Event{}, err
	}
	return ev, nil
}

// querier is a transaction or the pool.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// bindingWhere returns the binding selected by cond (on table b), locked
// for the transaction.
func bindingWhere(ctx context.Context, q querier, cond string, arg any, lock bool) (*Binding, error) {
	sql := `SELECT ` + eventColumns + ` FROM bindings b JOIN events e ON e.seq = b.event_seq WHERE ` + cond
	if lock {
		sql += ` FOR UPDATE OF b`
	}
	ev, err := scanEvent(q.QueryRow(ctx, sql, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b := bindingOf(ev)
	return &b, nil
}

func eventByKey(ctx context.Context, tx pgx.Tx, key string) (*Event, error) {
	if key == "" {
		return nil, nil
	}
	ev, err := scanEvent(tx.QueryRow(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.idempotency_key = $1`, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &ev, err
}

// newEventID returns a random (version 4) UUID.
func newEventID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// insertEvent records ev, removes the bindings of the products in remove
// (the rows the rules were applied to, locked), adds ev's binding and
// queues the outbox rows, in tx. Only the planned rows are removed: a
// binding committed meanwhile by another writer makes the insert fail on
// the unique constraint, and the transaction runs again and sees it.
func insertEvent(ctx context.Context, tx pgx.Tx, ev *Event, remove []string) error {
	if ev.ID == "" {
		ev.ID = newEventID()
	}
	if ev.At.IsZero() {
		ev.At = time.Now().UTC().Truncate(time.Microsecond)
	}
	var key any
	if ev.IdempotencyKey != "" {
		key = ev.IdempotencyKey
	}
	prevHash := ""
	if len(ev.PreviousDevice) > 0 {
		prevHash = ev.PreviousDevice.ID()
	}
	h := ev.Device.ID()
	err := tx.QueryRow(ctx, `INSERT INTO events (event_id, kind, product, gtin, device_hash, device, prev_device_hash, prev_device, prev_product, at, by_user, station, reason, idempotency_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING seq`,
		ev.ID, string(ev.Kind), ev.Product, ev.GTIN, h, encodeIdentity(ev.Device), prevHash, encodeIdentity(ev.PreviousDevice), ev.PreviousProduct,
		ev.At, ev.By, ev.Station, ev.Reason, key).Scan(&ev.Seq)
	if err != nil {
		return err
	}
	if len(remove) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM bindings WHERE product = ANY($1)`, remove); err != nil {
			return err
		}
	}
	if ev.Kind != KindUnbind {
		if _, err := tx.Exec(ctx, `INSERT INTO bindings (product, device_hash, event_seq) VALUES ($1, $2, $3)`, ev.Product, h, ev.Seq); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO outbox (event_seq, target) SELECT $1, target FROM replication_targets`, ev.Seq)
	return err
}

func (p *Postgres) Bind(ctx context.Context, req BindRequest) (Result, error) {
	if err := checkBind(req); err != nil {
		return Result{}, err
	}
	if res, ok, err := p.bindNew(ctx, req); ok || err != nil {
		return res, err
	}
	return p.inTx(ctx, func(tx pgx.Tx) (Result, error) {
		if ev, err := eventByKey(ctx, tx, req.IdempotencyKey); err != nil || ev != nil {
			if err != nil {
				return Result{}, err
			}
			return repeatResult(*ev, &req, nil)
		}
		var cur current
		var err error
		if cur.byProduct, err = bindingWhere(ctx, tx, "b.product = $1", req.Product, true); err != nil {
			return Result{}, err
		}
		if cur.byDevice, err = bindingWhere(ctx, tx, "b.device_hash = $1", req.Device.ID(), true); err != nil {
			return Result{}, err
		}
		ev, res, err := planBind(cur, req)
		if err != nil || ev.Kind == "" {
			return res, err
		}
		var remove []string
		for _, b := range []*Binding{cur.byProduct, cur.byDevice} {
			if b != nil {
				remove = append(remove, b.Product)
			}
		}
		if err := insertEvent(ctx, tx, &ev, remove); err != nil {
			return Result{}, err
		}
		b := bindingOf(ev)
		res.Event, res.Binding = &ev, &b
		return res, nil
	})
}

// insertNewBinding records the binding of a product and a device that
// are both unbound, with its event and outbox rows, in one statement (one
// round trip, one implicit transaction). The unique constraints decide:
// a bound product or device, or a used idempotency key, fails the whole
// statement and nothing is written.
const insertNewBinding = `WITH ev AS (
	INSERT INTO events (event_id, kind, product, gtin, device_hash, device, at, by_user, station, reason, idempotency_key)
	VALUES ($1, 'bind', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq),
b AS (INSERT INTO bindings (product, device_hash, event_seq) SELECT $2, $4, seq FROM ev),
o AS (INSERT INTO outbox (event_seq, target) SELECT ev.seq, t.target FROM ev, replication_targets t)
SELECT seq FROM ev`

// bindNew is the common bind, of a new pair, in one round trip. When the
// product or the device is bound, or the key was used (or another writer
// got there first), it returns false and Bind applies the rules in a
// transaction that reads the bindings: the outcome is the one the rules
// give for a pair neither of whose sides is bound, so the same as theirs.
func (p *Postgres) bindNew(ctx context.Context, req BindRequest) (Result, bool, error) {
	ev := Event{ID: newEventID(), Kind: KindBind, Product: req.Product, GTIN: req.GTIN, Device: req.Device, By: req.By, Station: req.Station,
		Reason: req.Reason, IdempotencyKey: req.IdempotencyKey, At: time.Now().UTC().Truncate(time.Microsecond)}
	var key any
	if ev.IdempotencyKey != "" {
		key = ev.IdempotencyKey
	}
	err := p.pool.QueryRow(ctx, insertNewBinding, ev.ID, ev.Product, ev.GTIN, ev.Device.ID(), encodeIdentity(ev.Device), ev.At, ev.By, ev.Station, ev.Reason, key).Scan(&ev.Seq)
	if retryable(err) {
		return Result{}, false, nil
	}
	if err != nil {
		return Result{}, false, wrap(err)
	}
	b := bindingOf(ev)
	return Result{Outcome: Bound, Event: &ev, Binding: &b}, true, nil
}

func (p *Postgres) Unbind(ctx context.Context, req UnbindRequest) (Result, error) {
	if err := checkUnbind(req); err != nil {
		return Result{}, err
	}
	return p.inTx(ctx, func(tx pgx.Tx) (Result, error) {
		if ev, err := eventByKey(ctx, tx, req.IdempotencyKey); err != nil || ev != nil {
			if err != nil {
				return Result{}, err
			}
			return repeatResult(*ev, nil, &req)
		}
		var b *Binding
		var err error
		if req.Product != "" {
			b, err = bindingWhere(ctx, tx, "b.product = $1", req.Product, true)
		} else {
			b, err = bindingWhere(ctx, tx, "b.device_hash = $1", req.Device.ID(), true)
		}
		if err != nil {
			return Result{}, err
		}
		ev, res, err := planUnbind(b, req)
		if err != nil {
			return res, err
		}
		if err := insertEvent(ctx, tx, &ev, []string{b.Product}); err != nil {
			return Result{}, err
		}
		res.Event = &ev
		return res, nil
	})
}

// lookup is one statement (one round trip), no transaction around it.
func (p *Postgres) lookup(ctx context.Context, cond string, arg any) (Binding, bool, error) {
	b, err := bindingWhere(ctx, p.pool, cond, arg, false)
	if err != nil || b == nil {
		return Binding{}, false, wrap(err)
	}
	return *b, true, nil
}

func (p *Postgres) ByProduct(ctx context.Context, product string) (Binding, bool, error) {
	return p.lookup(ctx, "b.product = $1", product)
}

func (p *Postgres) ByDevice(ctx context.Context, h string) (Binding, bool, error) {
	return p.lookup(ctx, "b.device_hash = $1", h)
}

func (p *Postgres) History(ctx context.Context, product, h string) ([]Event, error) {
	rows, err := p.pool.Query(ctx, `SELECT `+eventColumns+` FROM events e
		WHERE ($1 <> '' AND (e.product = $1 OR e.prev_product = $1)) OR ($2 <> '' AND (e.device_hash = $2 OR e.prev_device_hash = $2))
		ORDER BY e.seq`, product, h)
	if err != nil {
		return nil, wrap(err)
	}
	return collectEvents(rows)
}

func collectEvents(rows pgx.Rows) ([]Event, error) {
	defer rows.Close()
	var out []Event
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, wrap(err)
		}
		out = append(out, ev)
	}
	return out, wrap(rows.Err())
}

// Export streams the events in pages by seq, so a long export holds no
// transaction open.
func (p *Postgres) Export(ctx context.Context, fn func(Event) error) error {
	var after int64
	for {
		rows, err := p.pool.Query(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.seq > $1 ORDER BY e.seq LIMIT 1000`, after)
		if err != nil {
			return wrap(err)
		}
		evs, err := collectEvents(rows)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		for _, ev := range evs {
			if err := fn(ev); err != nil {
				return err
			}
		}
		after = evs[len(evs)-1].Seq
	}
}

// Import records an event of another ledger as it is (id, time, user), for
// `hwident ledger import`, folding it like any other. An event already
// there (same id) is skipped, so an interrupted import can run again.
func (p *Postgres) Import(ctx context.Context, ev Event) (imported bool, err error) {
	_, err = p.inTx(ctx, func(tx pgx.Tx) (Result, error) {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM events WHERE event_id = $1`, ev.ID).Scan(&n); err != nil || n > 0 {
			return Result{}, err
		}
		imported = true
		// Fold like the file ledger: from the current state.
		var remove []string
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(product), '{}') FROM bindings WHERE product = $1 OR device_hash = $2`, ev.Product, ev.Device.ID()).Scan(&remove); err != nil {
			return Result{}, err
		}
		return Result{}, insertEvent(ctx, tx, &ev, remove)
	})
	return imported, err
}
