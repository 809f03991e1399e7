package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// LoginFailures counts failed sign-ins per key (a user name, a client
// address) in a sliding window. PostgreSQL keeps them for every serve
// instance of the ledger; the file store, one host's, in memory.
type LoginFailures interface {
	// AddLoginFailure records a failure of each key at now and forgets
	// failures before forget.
	AddLoginFailure(ctx context.Context, keys []string, now, forget time.Time) error
	// LoginFailures returns, per key, the failures after since.
	LoginFailures(ctx context.Context, keys []string, since time.Time) (map[string]FailureCount, error)
}

// FailureCount is how many failures a key had, and the oldest of them.
type FailureCount struct {
	N      int
	Oldest time.Time
}

func loginKeyHash(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:])
}

// memLoginFailures keeps failures in the process (the file store).
type memLoginFailures struct {
	mu sync.Mutex
	m  map[string][]time.Time // key hash -> failures, oldest first
}

// memLoginKeys bounds the memory under a spray of names.
const memLoginKeys = 100000

func (f *File) AddLoginFailure(_ context.Context, keys []string, now, forget time.Time) error {
	l := &f.logins
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string][]time.Time{}
	}
	if len(l.m) > memLoginKeys {
		for k := range l.m {
			l.prune(k, forget)
		}
	}
	for _, k := range keys {
		h := loginKeyHash(k)
		l.m[h] = append(l.prune(h, forget), now)
	}
	return nil
}

func (l *memLoginFailures) prune(h string, since time.Time) []time.Time {
	ts := l.m[h]
	for len(ts) > 0 && !ts[0].After(since) {
		ts = ts[1:]
	}
	if len(ts) == 0 {
		delete(l.m, h)
		return nil
	}
	l.m[h] = ts
	return ts
}

func (f *File) LoginFailures(_ context.Context, keys []string, since time.Time) (map[string]FailureCount, error) {
	l := &f.logins
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]FailureCount{}
	for _, k := range keys {
		if ts := l.prune(loginKeyHash(k), since); len(ts) > 0 {
			out[k] = FailureCount{N: len(ts), Oldest: ts[0]}
		}
	}
	return out, nil
}

func (p *Postgres) AddLoginFailure(ctx context.Context, keys []string, now, forget time.Time) error {
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = loginKeyHash(k)
	}
	_, err := p.pool.Exec(ctx, `WITH old AS (DELETE FROM login_failures WHERE at <= $3)
		INSERT INTO login_failures (key_hash, at) SELECT unnest($1::text[]), $2`, hashes, now, forget)
	return wrap(err)
}

func (p *Postgres) LoginFailures(ctx context.Context, keys []string, since time.Time) (map[string]FailureCount, error) {
	byHash := map[string]string{}
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = loginKeyHash(k)
		byHash[hashes[i]] = k
	}
	rows, err := p.pool.Query(ctx, `SELECT key_hash, count(*), min(at) FROM login_failures WHERE key_hash = ANY($1) AND at > $2 GROUP BY key_hash`, hashes, since)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := map[string]FailureCount{}
	for rows.Next() {
		var h string
		var c FailureCount
		if err := rows.Scan(&h, &c.N, &c.Oldest); err != nil {
			return nil, wrap(err)
		}
		out[byHash[h]] = c
	}
	return out, wrap(rows.Err())
}
