package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/store/pgtest"
)

// TestLoginLimitSharedAcrossInstances: failed logins count for every
// instance over one PostgreSQL ledger: three on one and two on the other
// use up the five allowed, and the right password is refused on both.
func TestLoginLimitSharedAcrossInstances(t *testing.T) {
	dsn := pgtest.Start(t).DSN("ledger")
	var urls []string
	var client *http.Client
	for range 2 {
		st, err := store.OpenPostgres(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		hs := httptest.NewTLSServer(New(Options{Store: st}).Handler())
		t.Cleanup(hs.Close)
		urls, client = append(urls, hs.URL), hs.Client()
	}
	h, _ := credential.HashPassword("pw-ann-123")
	st, _ := store.OpenPostgres(context.Background(), dsn)
	defer st.Close()
	if err := st.AddUser(context.Background(), store.User{Name: "ann", Role: store.RoleInstaller, PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
	login := func(url, password string) int {
		resp, err := client.Post(url+"/api/v1/login", "application/json", strings.NewReader(`{"username":"ann","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 5 {
		if code := login(urls[i%2], "guess"); code != 401 {
			t.Fatalf("failure %d = %d", i, code)
		}
	}
	for _, u := range urls {
		if code := login(u, "pw-ann-123"); code != 429 {
			t.Errorf("right password after five failures on two instances = %d, want 429", code)
		}
	}
}
