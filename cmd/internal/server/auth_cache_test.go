package server

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/store"
)

// TestTokenCacheBound: a bearer token's user is remembered, so a user
// disabled meanwhile is still let in, but never after tokenTTL.
func TestTokenCacheBound(t *testing.T) {
	f := newFixture(t)
	var mu sync.Mutex
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	f.srv.opt.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	if resp, _ := f.do("GET", "/api/v1/me", "ann", ""); resp.StatusCode != 200 {
		t.Fatalf("me: %d", resp.StatusCode)
	}
	if err := f.st.UpdateUser(context.Background(), "ann", func(u *store.User) error { u.Disabled = true; return nil }); err != nil {
		t.Fatal(err)
	}
	advance(tokenTTL - time.Millisecond)
	if resp, _ := f.do("GET", "/api/v1/me", "ann", ""); resp.StatusCode != 200 {
		t.Errorf("within tokenTTL of the last lookup: %d, want 200 (remembered)", resp.StatusCode)
	}
	advance(time.Millisecond)
	if resp, m := f.do("GET", "/api/v1/me", "ann", ""); resp.StatusCode != 401 {
		t.Errorf("tokenTTL after the lookup, user disabled: %d %v, want 401", resp.StatusCode, m)
	}
	// A refusal is not remembered: the user enabled again is let in.
	if err := f.st.UpdateUser(context.Background(), "ann", func(u *store.User) error { u.Disabled = false; return nil }); err != nil {
		t.Fatal(err)
	}
	if resp, _ := f.do("GET", "/api/v1/me", "ann", ""); resp.StatusCode != 200 {
		t.Errorf("enabled again: %d, want 200", resp.StatusCode)
	}
}
