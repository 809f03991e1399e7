package webui_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Phone viewport of the tests and screenshots (CSS pixels).
const phoneW, phoneH = 390, 844

// chromium finds Debian's Chromium. Without one the browser tests skip,
// unless HWIDENT_REQUIRE_BROWSER is set (as .ci/run does): then they fail.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("HWIDENT_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium in PATH and HWIDENT_REQUIRE_BROWSER is set: run scripts/setup-test-deps.sh")
	}
	t.Skip("no chromium in PATH (set HWIDENT_REQUIRE_BROWSER=1 to make this a failure)")
	return ""
}

// browser is one headless Chromium with a fake camera, showing one tab at
// the phone viewport.
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string // directory of the screenshots
	n     int

	mu      sync.Mutex
	console []string // errors and warnings the page logged
}

type browserOpt struct {
	camera      string // Y4M file of the fake camera; "" for a machine without one
	grantCamera bool   // answer the permission prompt with Allow
}

func newBrowser(t *testing.T, o browserOpt) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.WindowSize(phoneW, phoneH),
		chromedp.Flag("lang", "en-GB"),
		// The service's certificate is a test one, as the self-signed one
		// of hwident serve is until a phone accepts it.
		chromedp.IgnoreCertErrors,
	)
	if o.camera != "" {
		opts = append(opts, chromedp.Flag("use-fake-device-for-media-stream", true), chromedp.Flag("use-file-for-fake-video-capture", o.camera))
	}
	if o.grantCamera {
		opts = append(opts, chromedp.Flag("use-fake-ui-for-media-stream", true))
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, shots: os.Getenv("HWIDENT_SCREENSHOTS")}
	if b.shots == "" {
		b.shots = t.TempDir()
	} else {
		b.shots = filepath.Join(b.shots, t.Name())
	}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateMobile))
	// Record vibrations: headless Chromium has no motor.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__buzz = []; navigator.vibrate = (p) => { window.__buzz.push(JSON.stringify(p)); return true; };`,
	}); err != nil {
		t.Fatal(err)
	}
	console := chromedp.Console(ctx)
	go func() {
		for msg, err := range console {
			if err != nil {
				return
			}
			if t := string(msg.Type); t == "error" || t == "warning" || msg.Type == chromedp.ConsoleException {
				b.mu.Lock()
				b.console = append(b.console, fmt.Sprintf("%s: %s (%s)", msg.Type, msg.Text, msg.URL))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.shot("failure")
		b.t.Fatal(err)
	}
}

// shot writes a screenshot of the viewport as NN-name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	b.n++
	path := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// waitText waits until the element sel shows want (at most 20 s).
func (b *browser) waitText(sel, want string) string {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e && e.offsetParent !== null && e.textContent.includes(%q) ? e.textContent : false })()`, sel, want)
	got, err := chromedp.Run(b.ctx, chromedp.Poll[string](js, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		b.shot("failure")
		now, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || "(no element)"`, sel)))
		b.t.Fatalf("waiting for %s to show %q: %v; it shows %q", sel, want, err, now)
	}
	return got
}

// buzzes returns the vibration patterns the page asked for since the last
// load, as JSON.
func (b *browser) buzzes() []string {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`window.__buzz`))
	if err != nil {
		b.t.Fatal(err)
	}
	return got
}

func (b *browser) click(sel string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// signedOutProbe is the console line of the page's first GET /api/v1/me
// before sign-in: Chromium logs every 4xx response.
var signedOutProbe = regexp.MustCompile(`status of 401 \(Unauthorized\) \(https://127\.0\.0\.1:\d+/api/v1/me\)$`)

// noConsoleErrors fails on anything the page logged as an error or warning
// (a CSP violation, an uncaught exception, a failed module load).
func (b *browser) noConsoleErrors(allowed ...*regexp.Regexp) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
next:
	for _, m := range b.console {
		for _, a := range allowed {
			if a.MatchString(m) {
				continue next
			}
		}
		b.t.Errorf("console %s", m)
	}
}

// refused is the console line of a 4xx reply the page expects (Chromium
// logs every one).
func refused(status string, path string) *regexp.Regexp {
	return regexp.MustCompile(`status of ` + regexp.QuoteMeta(status) + ` \(https://127\.0\.0\.1:\d+` + regexp.QuoteMeta(path) + `\)$`)
}

// enter types a scan into the step's field as a handheld scanner does
// (ending it with Enter) and waits until the step shows it was taken.
func (b *browser) enter(step, scan string) {
	b.t.Helper()
	b.typeInto(step+" .entry", scan+"\r")
	b.waitText(step+" .filled", "Scanned")
}

func (b *browser) signIn(url, user, password string) {
	b.t.Helper()
	b.do(chromedp.Navigate(url))
	b.waitText("#signin h1", "Sign in")
	b.typeInto("#username", user)
	b.typeInto("#password", password)
	b.click("#signin-button")
	b.waitText("#who", user)
}
