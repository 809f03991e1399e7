package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

func (p *Postgres) RegisterTarget(ctx context.Context, target string) error {
	_, err := p.pool.Exec(ctx, `INSERT INTO replication_targets (target) VALUES ($1) ON CONFLICT DO NOTHING`, target)
	return wrap(err)
}

// Due claims the due deliveries of target (FOR UPDATE SKIP LOCKED, then
// the lease), so several serve instances share the queue without delivering an
// event twice at the same time. An event waits while an earlier event
// about the same product or device is still pending for the target:
// receivers see each product's events in order.
func (p *Postgres) Due(ctx context.Context, target string, now time.Time, limit int, lease time.Duration) ([]DueEvent, error) {
	var out []DueEvent
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+eventColumns+`, o.attempts, o.last_error, o.next_attempt
			FROM outbox o JOIN events e ON e.seq = o.event_seq
			WHERE o.target = $1 AND o.state = 'pending' AND o.next_attempt <= $2
			AND NOT EXISTS (SELECT 1 FROM events e2 JOIN outbox o2 ON o2.event_seq = e2.seq AND o2.target = o.target AND o2.state = 'pending'
				WHERE e2.seq < e.seq AND (e2.product = ANY(ARRAY[e.product, nullif(e.prev_product, '')])
					OR e2.prev_product = ANY(ARRAY[e.product, nullif(e.prev_product, '')])
					OR e2.device_hash = ANY(ARRAY[e.device_hash, nullif(e.prev_device_hash, '')])
					OR e2.prev_device_hash = ANY(ARRAY[e.device_hash, nullif(e.prev_device_hash, '')])))
			ORDER BY o.event_seq LIMIT $3 FOR UPDATE OF o SKIP LOCKED`, target, now, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ev Event
			var dev, prev string
			d := Delivery{Target: target, State: Pending}
			if err := rows.Scan(&ev.Seq, &ev.ID, &ev.Kind, &ev.Product, &ev.GTIN, &dev, &prev, &ev.PreviousProduct, &ev.At, &ev.By, &ev.Station, &ev.Reason, &ev.IdempotencyKey,
				&d.Attempts, &d.LastError, &d.NextAttempt); err != nil {
				return err
			}
			ev.At = ev.At.UTC()
			if ev.Device, err = decodeIdentity(dev); err != nil {
				return err
			}
			if ev.PreviousDevice, err = decodeIdentity(prev); err != nil {
				return err
			}
			d.EventID = ev.ID
			out = append(out, DueEvent{Event: ev, Delivery: d})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, de := range out {
			if _, err := tx.Exec(ctx, `UPDATE outbox SET next_attempt = $3 WHERE event_seq = $1 AND target = $2`, de.Event.Seq, target, now.Add(lease)); err != nil {
				return err
			}
		}
		return nil
	})
	return out, wrap(err)
}

func (p *Postgres) RecordAttempt(ctx context.Context, a Attempt) error {
	next := a.NextAttempt
	if next.IsZero() {
		next = time.Now()
	}
	tag, err := p.pool.Exec(ctx, `UPDATE outbox o SET state = $3, attempts = attempts + 1, last_error = $4, next_attempt = $5
		FROM events e WHERE e.seq = o.event_seq AND e.event_id = $1 AND o.target = $2 AND o.state = 'pending'`,
		a.EventID, a.Target, string(a.State), a.Error, next)
	if err != nil {
		return wrap(err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("event %s to %s: %w in the outbox (or already final)", a.EventID, a.Target, ErrNotFound)
	}
	return nil
}

func (p *Postgres) Deliveries(ctx context.Context, id string) ([]Delivery, error) {
	rows, err := p.pool.Query(ctx, `SELECT o.target, o.state, o.attempts, o.last_error, o.next_attempt FROM outbox o JOIN events e ON e.seq = o.event_seq
		WHERE e.event_id = $1 ORDER BY o.target`, id)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d := Delivery{EventID: id}
		if err := rows.Scan(&d.Target, &d.State, &d.Attempts, &d.LastError, &d.NextAttempt); err != nil {
			return nil, wrap(err)
		}
		out = append(out, d)
	}
	return out, wrap(rows.Err())
}

func (p *Postgres) Queue(ctx context.Context) ([]QueueStats, error) {
	rows, err := p.pool.Query(ctx, `SELECT t.target, count(o.event_seq), min(e.at) FROM replication_targets t
		LEFT JOIN outbox o ON o.target = t.target AND o.state = 'pending' LEFT JOIN events e ON e.seq = o.event_seq
		GROUP BY t.target ORDER BY t.target`)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []QueueStats
	for rows.Next() {
		var q QueueStats
		var oldest *time.Time
		if err := rows.Scan(&q.Target, &q.Depth, &oldest); err != nil {
			return nil, wrap(err)
		}
		if oldest != nil {
			q.Oldest = oldest.UTC()
		}
		out = append(out, q)
	}
	return out, wrap(rows.Err())
}
