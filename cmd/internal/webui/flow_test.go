package webui_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/hwident/hwident/cmd/internal/webui"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
)

var (
	moduleA = identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}}
	moduleB = identity.Identity{{Key: "mac", Value: "b8:27:eb:65:43:21"}}
)

func labelPayload(t *testing.T, id identity.Identity) string {
	t.Helper()
	p, err := payload.Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// checkBound fails unless the product is bound to the device by user, with
// the events given and nothing more.
func checkBound(t *testing.T, svc *service, product string, id identity.Identity, user string, events ...string) {
	t.Helper()
	h, by, ok := svc.binding(t, product)
	if !ok || h != id.ID() || by != user {
		t.Errorf("%s bound to %.12s by %q (bound: %v), want %.12s by %s", product, h, by, ok, id.ID(), user)
	}
	if got := svc.events(t, product); !slices.Equal(got, events) {
		t.Errorf("events of %s: %q, want %q", product, got, events)
	}
}

// TestBrowserHandheldScannerAndConflict: a keyboard-wedge scanner types
// into the focused field (ending a scan with Tab or Enter); a module already
// bound elsewhere is refused, naming the binding and the next step.
func TestBrowserHandheldScannerAndConflict(t *testing.T) {
	svc := newService(t, moduleA, moduleB)
	b := newBrowser(t, browserOpt{})
	b.signIn(svc.URL, svc.installer, svc.installerPassword)

	// A misread label (one symbol wrong) is refused with the reason, and
	// stays selected so the next scan replaces it.
	bad := []byte(labelPayload(t, moduleA))
	bad[len(bad)-5] ^= 1
	b.typeInto("#bind-device .entry", string(bad)+"\r")
	b.waitText("#bind-device .field-msg", "device label")
	b.shot("misread")
	if sel, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector("#bind-device .entry"); return e.value.slice(e.selectionStart, e.selectionEnd) })()`)); sel != string(bad) {
		t.Errorf("after a refused scan the field selects %q, want the scan", sel)
	}
	b.do(chromedp.Focus(chromedp.CSS("#bind-device .entry")))
	b.do(chromedp.KeyEvent(labelPayload(t, moduleA) + "\t")) // Tab-terminated, as scanners can be set up
	b.waitText("#bind-device .filled", moduleA.ID()[:12])
	// The focus moved on to the product field by itself.
	b.do(chromedp.KeyEvent("prd-000123\r")) // Caps Lock off: the serial is upper-cased by the service
	b.waitText("#bind-product .filled", "PRD-000123")
	b.do(chromedp.KeyEvent("\r")) // the focus is on Confirm now
	b.waitText("#bind-result.ok", "Saved — bound")
	// A double buzz for the misread, a buzz for each scan taken and one for
	// the binding saved.
	if got, want := b.buzzes(), []string{"[120,60,120]", "[60]", "[60]", "[60]"}; !slices.Equal(got, want) {
		t.Errorf("vibrations %q, want %q", got, want)
	}

	// The same pair again: already bound, nothing recorded.
	b.click("#bind-next")
	b.enter("#bind-device", labelPayload(t, moduleA))
	b.enter("#bind-product", "PRD-000123")
	b.click("#bind-confirm")
	b.waitText("#bind-result.info", "Already bound — nothing changed")
	b.shot("already-bound")

	// Another module for the same product: a conflict, nothing recorded.
	b.click("#bind-next")
	b.enter("#bind-device", labelPayload(t, moduleB))
	b.enter("#bind-product", "PRD-000123")
	b.click("#bind-confirm")
	got := b.waitText("#bind-result.bad", "conflict")
	for _, want := range []string{"already bound to another module", "PRD-000123", moduleA.ID()[:12], "ask a supervisor"} {
		if !strings.Contains(got, want) {
			t.Errorf("conflict card %q does not say %q", got, want)
		}
	}
	b.shot("conflict")
	if got := b.buzzes(); len(got) == 0 || got[len(got)-1] != "[120,60,120]" {
		t.Errorf("vibrations %q: a refusal ends with the double buzz", got)
	}
	// The pair stays, so the installer can correct one side.
	b.waitText("#bind-device .filled", moduleB.ID()[:12])
	checkBound(t, svc, "PRD-000123", moduleA, svc.installer, "bind")
	if hidden, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector('[data-tab="replace"]').hidden`)); !hidden {
		t.Error("an installer sees the Replace tab")
	}
	b.noConsoleErrors(signedOutProbe, refused("409 (Conflict)", "/api/v1/bindings"), refused("422 (Unprocessable Entity)", "/api/v1/scans/classify"))
}

// TestBrowserSupervisorReplaceAndUnbind: a supervisor turns the conflict
// into a module swap (reason required), then unbinds, and finds the history.
func TestBrowserSupervisorReplaceAndUnbind(t *testing.T) {
	svc := newService(t, moduleA, moduleB)
	b := newBrowser(t, browserOpt{})
	b.signIn(svc.URL, svc.supervisor, svc.supervisorPassword)
	b.enter("#bind-device", labelPayload(t, moduleA))
	b.enter("#bind-product", "PRD-000777")
	b.click("#bind-confirm")
	b.waitText("#bind-result.ok", "Saved")

	b.click("#bind-next")
	b.enter("#bind-device", labelPayload(t, moduleB))
	b.enter("#bind-product", "PRD-000777")
	b.click("#bind-confirm")
	b.waitText("#bind-result.bad", "If the module was swapped, replace it")
	b.click(`#bind-result [data-action="toReplace"]`)
	b.waitText("#replace-product .filled", "PRD-000777")
	b.waitText("#replace-device .filled", moduleB.ID()[:12])
	b.click("#replace-confirm") // no reason yet: nothing is sent
	if focused, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "replace-reason" {
		t.Errorf("Replace without a reason focused %q, want the reason field", focused)
	}
	b.typeInto("#replace-reason", "module failed in the field")
	b.shot("replace")
	b.click("#replace-confirm")
	b.waitText("#replace-result.ok", "Saved — module replaced")
	b.waitText("#replace-result.ok", moduleA.ID()[:12]) // the previous module is named
	b.shot("replaced")
	checkBound(t, svc, "PRD-000777", moduleB, svc.supervisor, "bind", "replace")
	if got := svc.menderTag(t, moduleB, "product_serial", "PRD-000777"); got != "PRD-000777" {
		t.Errorf("the new module's Mender device has product_serial %q, want PRD-000777", got)
	}

	b.click(`[data-tab="find"]`)
	b.typeInto("#find-query .entry", "PRD-000777\r")
	got := b.waitText("#find-result", "History")
	for _, want := range []string{"Bound", moduleB.ID()[:12], "bind", "replace", "Reason: module failed in the field", "✓ delivered to mender"} {
		if !strings.Contains(got, want) {
			t.Errorf("find shows %q, without %q", got, want)
		}
	}
	b.shot("find")

	b.click(`[data-tab="unbind"]`)
	b.enter("#unbind-product", "PRD-000777")
	b.typeInto("#unbind-reason", "product scrapped")
	b.click("#unbind-confirm")
	b.waitText("#unbind-result.ok", "Saved — unbound")
	b.waitText("#unbind-result.ok", moduleB.ID()[:12])
	if _, _, ok := svc.binding(t, "PRD-000777"); ok {
		t.Error("PRD-000777 is still bound after Unbind")
	}
	if got, want := svc.events(t, "PRD-000777"), []string{"bind", "replace", "unbind"}; !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	if got := svc.menderTag(t, moduleB, "product_serial", ""); got != "" {
		t.Errorf("after unbind the Mender device still has product_serial %q", got)
	}
	b.noConsoleErrors(signedOutProbe, refused("409 (Conflict)", "/api/v1/bindings"))
}

// TestBrowserCameraUnavailable: a denied permission and a phone without a
// camera are explained, and typing still works.
func TestBrowserCameraUnavailable(t *testing.T) {
	svc := newService(t, moduleA, moduleB)
	cam := cameraFile(t)
	_, module := moduleLabel(t, moduleA)
	writeCamera(t, cam, module, 0.8)
	for _, tt := range []struct {
		name string
		opt  browserOpt
		deny bool
		want string
	}{
		{"denied", browserOpt{camera: cam}, true, "Camera permission is blocked"},
		{"no camera", browserOpt{grantCamera: true}, false, "No camera found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, tt.opt)
			if tt.deny {
				if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
					Permission: &cdpbrowser.PermissionDescriptor{Name: "camera"}, Setting: cdpbrowser.PermissionSettingDenied, Origin: svc.URL,
				}); err != nil {
					t.Fatal(err)
				}
			}
			b.signIn(svc.URL, svc.installer, svc.installerPassword)
			b.click("#bind-device .scan")
			b.waitText("#bind-device .camera-problem", tt.want)
			b.shot("camera-" + strings.ReplaceAll(tt.name, " ", "-"))
			b.enter("#bind-device", labelPayload(t, moduleA))
			b.waitText("#bind-device .filled", moduleA.ID()[:12])
		})
	}
}

// holdRequests holds the requests matching the URL pattern in the browser
// until release is called.
func holdRequests(t *testing.T, b *browser, pattern string) (release func()) {
	paused := chromedp.Events(b.ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}}); err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			<-released
			chromedp.Call(b.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	return func() {
		close(released)
		if _, err := chromedp.Call(b.ctx, fetch.Disable, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
	}
}

// What the browser sees of one POST /api/v1/bindings the service handled.
type replyFate int

const (
	replyPasses replyFate = iota
	replyLost             // the connection drops between confirm and response
	reply503              // a proxy in between answers 503
)

// interceptBindings decides the fate of the reply of each POST
// /api/v1/bindings after the service handled it (fates[i] for the i-th
// request; later ones pass), and records each request's Idempotency-Key.
func interceptBindings(t *testing.T, b *browser, fates ...replyFate) func() []string {
	var mu sync.Mutex
	var keys []string
	paused := chromedp.Events(b.ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: "*/api/v1/bindings", RequestStage: fetch.RequestStageResponse},
	}}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			mu.Lock()
			keys = append(keys, fmt.Sprint(ev.Request.Headers["Idempotency-Key"]))
			fate := replyPasses
			if len(keys) <= len(fates) {
				fate = fates[len(keys)-1]
			}
			mu.Unlock()
			var cerr error
			switch fate {
			case replyLost:
				_, cerr = chromedp.Call(b.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionReset})
			case reply503:
				_, cerr = chromedp.Call(b.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 503,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html"}}, Body: []byte("<h1>503 Service Unavailable</h1>")})
			default:
				_, cerr = chromedp.Call(b.ctx, fetch.ContinueResponse, fetch.ContinueResponseParams{RequestID: ev.RequestID})
			}
			if cerr != nil && b.ctx.Err() == nil {
				t.Errorf("intercept: %v", cerr)
			}
		}
	}()
	return func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(keys) }
}

// checkOneKey fails unless there were at least n requests, all with the
// first one's Idempotency-Key, a UUID.
func checkOneKey(t *testing.T, keys []string, n int) {
	t.Helper()
	if len(keys) < n {
		t.Fatalf("%d requests, want at least %d", len(keys), n)
	}
	for _, k := range keys {
		if k != keys[0] || len(k) != 36 {
			t.Fatalf("Idempotency-Keys %q: every retry must send the first key, a UUID", keys)
		}
	}
}

// TestBrowserNetworkDropOnConfirm: the service binds, the reply is lost;
// the page says "not saved yet", keeps the pair (also across a reload),
// retries with the same Idempotency-Key, and shows "Saved" only when a
// reply arrives — and the pair is bound once.
func TestBrowserNetworkDropOnConfirm(t *testing.T) {
	svc := newService(t, moduleA, moduleB)
	b := newBrowser(t, browserOpt{})
	b.signIn(svc.URL, svc.installer, svc.installerPassword)
	b.enter("#bind-device", labelPayload(t, moduleA))
	b.waitText("#bind-device .filled", moduleA.ID()[:12])
	// A reload with half a pair keeps it.
	b.do(chromedp.Reload())
	b.waitText("#bind-device .filled", moduleA.ID()[:12])
	b.enter("#bind-product", "PRD-000900")

	keys := interceptBindings(t, b, replyLost, replyLost)
	b.click("#bind-confirm")
	b.waitText("#bind-result.warn", "Not saved yet")
	b.waitText("#net", "Not saved yet")
	b.shot("network-drop")
	if n := len(keys()); n != 1 {
		t.Fatalf("%d requests before the reload, want 1", n)
	}
	// The installer reloads while it retries: the request is still there.
	b.do(chromedp.Reload())
	b.waitText("#bind-result.ok", "Saved — bound")
	b.waitText("#bind-result.ok", "after a retry")
	b.shot("saved-after-retry")
	// The first, a retry after the reload that is lost too, one that passes.
	checkOneKey(t, keys(), 3)
	checkBound(t, svc, "PRD-000900", moduleA, svc.installer, "bind")
	if got := svc.menderTag(t, moduleA, "product_serial", "PRD-000900"); got != "PRD-000900" {
		t.Errorf("Mender tag product_serial %q, want PRD-000900", got)
	}
	b.noConsoleErrors(signedOutProbe, regexp.MustCompile(`net::ERR_CONNECTION_RESET`))
}

// TestBrowserRetriesAfter503: an error page from a proxy after the service
// bound is retried like no answer; a refusal (a conflict) is not retried.
func TestBrowserRetriesAfter503(t *testing.T) {
	svc := newService(t, moduleA, moduleB)
	b := newBrowser(t, browserOpt{})
	b.signIn(svc.URL, svc.installer, svc.installerPassword)
	keys := interceptBindings(t, b, reply503)
	b.enter("#bind-device", labelPayload(t, moduleA))
	b.enter("#bind-product", "PRD-000901")
	b.click("#bind-confirm")
	b.waitText("#bind-result.warn", "Not saved yet")
	b.waitText("#bind-result.ok", "Saved — bound")
	checkOneKey(t, keys(), 2)
	checkBound(t, svc, "PRD-000901", moduleA, svc.installer, "bind")

	b.click("#bind-next")
	b.enter("#bind-device", labelPayload(t, moduleB))
	b.enter("#bind-product", "PRD-000901")
	b.click("#bind-confirm")
	b.waitText("#bind-result.bad", "conflict")
	b.do(chromedp.Sleep(2 * time.Second)) // longer than the first retry would wait
	if n := len(keys()); n != 3 {
		t.Errorf("%d requests: the conflict was retried", n)
	}
	b.noConsoleErrors(signedOutProbe, refused("409 (Conflict)", "/api/v1/bindings"), refused("503 (Service Unavailable)", "/api/v1/bindings"))
}

// TestBrowserUnderThePagesPolicy: the page, camera included, works under
// the Content-Security-Policy webui documents (stricter than the
// service's), and the browser reports no violation.
func TestBrowserUnderThePagesPolicy(t *testing.T) {
	svc := newServiceWith(t, pagePolicy, moduleA)
	_, module := moduleLabel(t, moduleA)
	cam := cameraFile(t)
	writeCamera(t, cam, module, 0.8)
	b := newBrowser(t, browserOpt{camera: cam, grantCamera: true})
	b.signIn(svc.URL, svc.installer, svc.installerPassword)
	if csp, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch("/").then((r) => r.headers.get("Content-Security-Policy"))`, chromedp.EvalAwaitPromise)); csp != webui.ContentSecurityPolicy {
		t.Fatalf("the page is served with CSP %q", csp)
	}
	b.click("#bind-device .scan")
	b.waitText("#bind-device .filled", moduleA.ID()[:12])
	b.enter("#bind-product", "PRD-000555")
	b.click("#bind-confirm")
	b.waitText("#bind-result.ok", "Saved — bound")
	b.noConsoleErrors(signedOutProbe)
}

// TestBrowserEscapesScannedValues: a label whose identity holds HTML shows
// it as text; nothing in it runs.
func TestBrowserEscapesScannedValues(t *testing.T) {
	svc := newService(t, moduleA, moduleB)
	b := newBrowser(t, browserOpt{})
	b.signIn(svc.URL, svc.installer, svc.installerPassword)
	evil := identity.Identity{{Key: "serial", Value: `<img src=x onerror="document.title='pwned'">`}}
	b.enter("#bind-device", labelPayload(t, evil))
	b.waitText("#bind-device .filled", `serial=<img src=x onerror="document.title='pwned'">`)
	if n, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("main img").length`)); n != 0 {
		t.Errorf("the scanned value became %d img elements", n)
	}
	if title, _ := chromedp.Run(b.ctx, chromedp.Title()); title == "pwned" {
		t.Error("the scanned value ran as script")
	}
	b.noConsoleErrors(signedOutProbe)
}
