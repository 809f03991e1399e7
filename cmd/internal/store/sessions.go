package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// memSessions keeps sessions in the process (the file store).
type memSessions struct {
	mu sync.Mutex
	m  map[string]Session
}

func (s *memSessions) add(sess Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]Session{}
	}
	for k, v := range s.m { // drop expired ones as sessions are made
		if time.Now().After(v.Expires) {
			delete(s.m, k)
		}
	}
	s.m[sess.IDHash] = sess
}

func (f *File) AddSession(_ context.Context, sess Session) error {
	f.sessions.add(sess)
	return nil
}

func (f *File) Session(_ context.Context, h string, now time.Time) (Session, error) {
	f.sessions.mu.Lock()
	defer f.sessions.mu.Unlock()
	sess, ok := f.sessions.m[h]
	if !ok || now.After(sess.Expires) {
		return Session{}, ErrNotFound
	}
	return sess, nil
}

func (f *File) DeleteSession(_ context.Context, h string) error {
	f.sessions.mu.Lock()
	defer f.sessions.mu.Unlock()
	delete(f.sessions.m, h)
	return nil
}

func (p *Postgres) AddSession(ctx context.Context, s Session) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires < now()`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (id_hash, user_name, csrf, expires) VALUES ($1, $2, $3, $4)`, s.IDHash, s.User, s.CSRF, s.Expires)
		return err
	})
	return wrap(err)
}

func (p *Postgres) Session(ctx context.Context, h string, now time.Time) (Session, error) {
	s := Session{IDHash: h}
	err := p.pool.QueryRow(ctx, `SELECT user_name, csrf, expires FROM sessions WHERE id_hash = $1 AND expires > $2`, h, now).Scan(&s.User, &s.CSRF, &s.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	return s, wrap(err)
}

func (p *Postgres) DeleteSession(ctx context.Context, h string) error {
	_, err := p.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, h)
	return wrap(err)
}
