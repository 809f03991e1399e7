package webui_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/framescan"
	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
	"github.com/hwident/hwident/cmd/internal/replicate"
	"github.com/hwident/hwident/cmd/internal/server"
	"github.com/hwident/hwident/cmd/internal/store"
	"github.com/hwident/hwident/cmd/internal/webui"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/identity/scan"
)

// service is the provisioning service the browser tests run the page
// against: what `hwident serve --ledger FILE --mender-server URL` runs —
// the server package with this package's page and the frame decoder
// mounted, the file store, and a replication worker delivering to the
// in-memory Mender test server (which the devices of the tests have
// connected to) — over HTTPS with a test certificate.
type service struct {
	URL       string
	store     *store.File
	mender    *mendertest.Server
	menderIDs map[string]string // identity hash -> Mender device ID
	// users of each role: installer ann, supervisor sam.
	installer, installerPassword, supervisor, supervisorPassword string
}

// productPattern is hwident bind's default --product-pattern.
const productPattern = `[0-9A-Z][0-9A-Z._/-]{3,39}`

func newService(t *testing.T, devices ...identity.Identity) *service {
	t.Helper()
	return newServiceWith(t, nil, devices...)
}

// newServiceWith is newService with wrap around the server's handler.
func newServiceWith(t *testing.T, wrap func(http.Handler) http.Handler, devices ...identity.Identity) *service {
	t.Helper()
	st, err := store.OpenFile(filepath.Join(t.TempDir(), "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &service{store: st, mender: mendertest.New(), menderIDs: map[string]string{},
		installer: "ann", installerPassword: "ann-password-1",
		supervisor: "sam", supervisorPassword: "sam-password-1"}
	t.Cleanup(svc.mender.Close)
	for _, id := range devices {
		// Just connected: inventory knows it only some 40-90 ms later.
		svc.menderIDs[id.ID()] = svc.mender.ConnectDevice(menderIdentity(id))
	}
	ctx := context.Background()
	for _, u := range []struct {
		name, password string
		role           store.Role
	}{{svc.installer, svc.installerPassword, store.RoleInstaller}, {svc.supervisor, svc.supervisorPassword, store.RoleSupervisor}} {
		h, err := credential.HashPassword(u.password)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddUser(ctx, store.User{Name: u.name, Role: u.role, PasswordHash: h}); err != nil {
			t.Fatal(err)
		}
	}
	re := regexp.MustCompile(`^(?i:` + productPattern + `)$`)
	srv := server.New(server.Options{
		Store:      st,
		Classifier: scan.Classifier{DecodeDevice: payload.Decode, IsProductSerial: re.MatchString},
		Station:    "serve@browser-test",
		TLS:        true,
		Page:       webui.Handler(), FrameDecoder: framescan.Handler(),
	})
	var h http.Handler = srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // handshakes the browser aborts
	ts.StartTLS()
	t.Cleanup(ts.Close)
	svc.URL = ts.URL

	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := &replicate.Worker{Outbox: st, Target: &replicate.Mender{Client: menderapi.New(svc.mender.URL, mendertest.GoodToken)},
			Poll: 50 * time.Millisecond, Backoff: replicate.Backoff{Base: 50 * time.Millisecond, Max: time.Second}}
		w.Run(wctx)
	}()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return svc
}

// menderIdentity is the identity data a device's Mender client sends.
func menderIdentity(id identity.Identity) map[string]any {
	m := map[string]any{}
	for _, a := range id {
		m[a.Key] = a.Value
	}
	return m
}

// binding returns the device hash and user of the product's binding.
func (s *service) binding(t *testing.T, product string) (deviceHash, by string, ok bool) {
	t.Helper()
	b, ok, err := s.store.ByProduct(context.Background(), product)
	if err != nil {
		t.Fatal(err)
	}
	return b.DeviceHash(), b.By, ok
}

// events returns the kinds of the events recorded for the product.
func (s *service) events(t *testing.T, product string) []string {
	t.Helper()
	evs, err := s.store.History(context.Background(), product, "")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, string(e.Kind))
	}
	return kinds
}

// menderTag waits (up to 10 s) for replication to give the Mender device
// with identity id the tag value want, and returns what it has then.
func (s *service) menderTag(t *testing.T, id identity.Identity, tag, want string) string {
	t.Helper()
	devID, ok := s.menderIDs[id.ID()]
	if !ok {
		t.Fatalf("device %.12s never connected to the Mender test server", id.ID())
	}
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got, _ = s.mender.Tag(devID, tag); got == want {
			break
		}
	}
	return got
}

// pagePolicy replaces the service's Content-Security-Policy with the one
// package webui documents as the page's own, to prove it is enough.
func pagePolicy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&policyWriter{ResponseWriter: w}, r)
	})
}

type policyWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *policyWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		w.Header().Set("Content-Security-Policy", webui.ContentSecurityPolicy)
		w.Header().Set("Permissions-Policy", webui.PermissionsPolicy)
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *policyWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
