package webui_test

import (
	"testing"

	"github.com/hwident/hwident/cmd/internal/ledger"
)

// service is what the browser tests run the page against, and how they
// look into its ledger afterwards.
type service struct {
	URL string
	// users: installer ann, supervisor sam.
	installer, installerPassword, supervisor, supervisorPassword string
	// binding returns the device hash and user of the product's binding.
	binding func(t *testing.T, product string) (deviceHash, by string, ok bool)
	// events returns the kinds of the events recorded for the product.
	events func(t *testing.T, product string) []string
	// menderTag returns a Mender inventory tag of the device with the
	// identity hash, waiting for replication; nil without a Mender server.
	menderTag func(t *testing.T, deviceHash, tag string) (string, bool)
}

func fakeService(t *testing.T) *service {
	f := newContractFake(t)
	load := func(t *testing.T) *ledger.State {
		st, err := ledger.Load(f.path)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	return &service{
		URL:       f.URL,
		installer: "ann", installerPassword: "ann-secret",
		supervisor: "sam", supervisorPassword: "sam-secret",
		binding: func(t *testing.T, product string) (string, string, bool) {
			b, ok := load(t).ByProduct(product)
			return b.DeviceHash(), b.Operator, ok
		},
		events: func(t *testing.T, product string) []string {
			var kinds []string
			for _, r := range load(t).ProductHistory(product) {
				kinds = append(kinds, string(r.Event))
			}
			return kinds
		},
	}
}
