package webui_test

import (
	"testing"

	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/identity"
)

func TestBrowserBindFromCamera(t *testing.T) {
	svc := newContractFake(t)
	id := identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}}
	_, module := moduleLabel(t, id)
	_, product := productLabel(t, "PRD-000123")
	cam := cameraFile(t)
	writeCamera(t, cam, module, 0.8)
	b := newBrowser(t, browserOpt{camera: cam, grantCamera: true})

	b.signIn(svc.URL, "ann", "ann-secret")
	b.shot("bind-start")
	b.click("#bind-device .scan")
	b.waitText("#camera-msg", "frame")
	b.shot("camera")
	b.waitText("#bind-device .filled", "mac=b8:27:eb:12:34:56")
	b.waitText("#bind-device .filled", id.ID()[:12])
	b.shot("module-scanned")

	writeCamera(t, cam, product, 0.9)
	b.click("#bind-product .scan")
	b.waitText("#bind-product .filled", "PRD-000123")
	b.shot("product-scanned")
	b.click("#bind-confirm")
	b.waitText("#bind-result", "Saved")
	b.shot("saved")

	st, err := ledger.Load(svc.path)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := st.ByProduct("PRD-000123")
	if !ok || got.DeviceHash() != id.ID() || got.GTIN != "09506000134352" || got.Operator != "ann" {
		t.Fatalf("ledger binding %+v, %v", got, ok)
	}
	if len(st.Records) != 1 {
		t.Fatalf("%d ledger records, want 1", len(st.Records))
	}
	b.noConsoleErrors(signedOutProbe)
}
