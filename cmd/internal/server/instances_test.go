package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/store/pgtest"
)

// twoInstancesWithAnn starts two servers over one PostgreSQL ledger (two
// serve instances behind a load balancer) in which the installer "ann"
// has the password "pw-ann-123"; it returns their URLs, a client that
// trusts both and a third connection to the ledger, to look inside.
func twoInstancesWithAnn(t *testing.T) ([]string, *http.Client, *store.Postgres) {
	t.Helper()
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
	h, err := credential.HashPassword("pw-ann-123")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.AddUser(context.Background(), store.User{Name: "ann", Role: store.RoleInstaller, PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
	return urls, client, st
}
