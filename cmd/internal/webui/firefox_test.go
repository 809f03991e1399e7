package webui_test

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/net/websocket"

	"github.com/hwident/hwident/cmd/internal/framescan"
	"github.com/hwident/hwident/cmd/internal/server"
	"github.com/hwident/hwident/cmd/internal/webui"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/identity/scan"
)

// firefox is a headless Firefox driven over WebDriver BiDi (JSON commands
// over a WebSocket; Firefox needs no separate driver for it).
type firefox struct {
	t   *testing.T
	ws  *websocket.Conn
	id  int
	ctx string // the browsing context (tab)
}

func startFirefox(t *testing.T) *firefox {
	t.Helper()
	bin := ""
	for _, name := range []string{"firefox-esr", "firefox"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		if os.Getenv("HWIDENT_REQUIRE_BROWSER") != "" {
			t.Fatal("no firefox-esr in PATH and HWIDENT_REQUIRE_BROWSER is set: run scripts/setup-test-deps.sh")
		}
		t.Skip("no firefox-esr in PATH (set HWIDENT_REQUIRE_BROWSER=1 to make this a failure)")
	}
	profile := t.TempDir()
	// Camera permission granted without a prompt, as Chromium's fake UI does.
	prefs := "user_pref(\"media.navigator.permission.disabled\", true);\nuser_pref(\"media.navigator.streams.fake\", true);\n"
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(prefs), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-remote", "--profile", profile,
		"--remote-debugging-port=0", "--remote-allow-origins=http://127.0.0.1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var url string
	select {
	case url = <-addr:
	case <-time.After(60 * time.Second):
		t.Fatal("firefox did not start its WebDriver BiDi server within 60 s")
	}
	ws, err := websocket.Dial(url+"/session", "", "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	f := &firefox{t: t, ws: ws}
	f.call("session.new", map[string]any{"capabilities": map[string]any{}})
	var tree struct {
		Contexts []struct{ Context string } `json:"contexts"`
	}
	f.decode(f.call("browsingContext.getTree", map[string]any{}), &tree)
	f.ctx = tree.Contexts[0].Context
	f.call("browsingContext.setViewport", map[string]any{"context": f.ctx, "viewport": map[string]any{"width": phoneW, "height": phoneH}})
	return f
}

// call sends one command and returns its result, skipping events.
func (f *firefox) call(method string, params any) json.RawMessage {
	f.t.Helper()
	f.id++
	if err := websocket.JSON.Send(f.ws, map[string]any{"id": f.id, "method": method, "params": params}); err != nil {
		f.t.Fatal(err)
	}
	f.ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var m struct {
			ID      int             `json:"id"`
			Type    string          `json:"type"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
		}
		if err := websocket.JSON.Receive(f.ws, &m); err != nil {
			f.t.Fatalf("%s: %v", method, err)
		}
		if m.ID != f.id {
			continue
		}
		if m.Type == "error" {
			f.t.Fatalf("%s: %s: %s", method, m.Error, m.Message)
		}
		return m.Result
	}
}

func (f *firefox) decode(raw json.RawMessage, v any) {
	f.t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		f.t.Fatal(err)
	}
}

// eval runs a JavaScript expression in the page and returns its value.
func (f *firefox) eval(js string) any {
	f.t.Helper()
	var r struct {
		Type   string `json:"type"`
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	f.decode(f.call("script.evaluate", map[string]any{"expression": js, "target": map[string]any{"context": f.ctx}, "awaitPromise": true}), &r)
	if r.Type == "exception" {
		f.t.Fatalf("%s: %s", js, r.ExceptionDetails.Text)
	}
	return r.Result.Value
}

func (f *firefox) waitFor(what, js string) {
	f.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if f.eval(js) == true {
			return
		}
	}
	f.t.Fatalf("waiting for %s; the page shows %q", what, f.eval(`document.body.innerText`))
}

// enter types a scan into a step's field and submits it.
func (f *firefox) enter(step, scan string) {
	f.t.Helper()
	text, _ := json.Marshal(scan)
	f.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %s; e.form.requestSubmit(); return true })()`, step+" .entry", text))
	f.waitFor(step+" scanned", fmt.Sprintf(`document.querySelector(%q).offsetParent !== null`, step+" .filled"))
}

func (f *firefox) shot(dir, name string) {
	f.t.Helper()
	var r struct{ Data string }
	f.decode(f.call("browsingContext.captureScreenshot", map[string]any{"context": f.ctx}), &r)
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// TestFirefoxBindWithServerDecoding: the page in Firefox (Gecko, no
// BarcodeDetector), the engine the server-side decoding is for. Sign in,
// type a module label, scan the product with the camera — a canvas stream
// showing a GS1 Digital Link label stands in for the camera, since
// Firefox's fake camera shows only a colour — so the frames go to the
// service's decoder; confirm; the ledger holds the pair.
func TestFirefoxBindWithServerDecoding(t *testing.T) {
	ff := startFirefox(t)
	svc := newService(t, moduleA)
	var frames atomic.Int64
	decoder := framescan.Handler()
	re := regexp.MustCompile(`^(?i:` + productPattern + `)$`)
	// Plain HTTP on loopback (a secure context), as `serve --plain-http`
	// behind a local TLS proxy: this Firefox has no way to accept a test
	// certificate.
	srv := server.New(server.Options{
		Store:      svc.store,
		Classifier: scan.Classifier{DecodeDevice: payload.Decode, IsProductSerial: re.MatchString},
		Station:    "serve@firefox-test",
		Page:       webui.Handler(),
		FrameDecoder: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			frames.Add(1)
			decoder.ServeHTTP(w, r)
		}),
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	shots := os.Getenv("HWIDENT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if shots = filepath.Join(shots, t.Name()); os.MkdirAll(shots, 0o755) != nil {
		t.Fatal("cannot make the screenshot directory")
	}

	ff.call("browsingContext.navigate", map[string]any{"context": ff.ctx, "url": ts.URL, "wait": "complete"})
	ff.waitFor("the sign-in form", `!document.getElementById("signin").hidden`)
	if ff.eval(`"BarcodeDetector" in window`) == true || ff.eval(`window.isSecureContext`) != true {
		t.Fatal("this Firefox has BarcodeDetector or the page is no secure context: the test would not exercise the service's decoder")
	}
	ff.eval(fmt.Sprintf(`document.getElementById("username").value = %q; document.getElementById("password").value = %q;
		document.getElementById("signin-form").requestSubmit(); true`, svc.installer, svc.installerPassword))
	ff.waitFor("signed in", `document.getElementById("who").textContent.includes("ann")`)
	ff.enter("#bind-device", labelPayload(t, moduleA))

	_, lbl := productLabel(t, "PRD-000322")
	frame := image.NewGray(image.Rect(0, 0, camW, camH))
	for i := range frame.Pix {
		frame.Pix[i] = 110
	}
	xdraw.BiLinear.Scale(frame, image.Rect(camW/2-144, camH/2-144, camW/2+144, camH/2+144), lbl, lbl.Bounds(), xdraw.Src, nil)
	ff.eval(fmt.Sprintf(`(() => {
		const raw = atob(%q), c = document.createElement("canvas");
		c.width = %d; c.height = %d;
		const g = c.getContext("2d"), im = g.createImageData(c.width, c.height);
		for (let i = 0; i < raw.length; i++) {
			const v = raw.charCodeAt(i);
			im.data[4*i] = im.data[4*i+1] = im.data[4*i+2] = v; im.data[4*i+3] = 255;
		}
		const draw = () => { g.putImageData(im, 0, 0); requestAnimationFrame(draw); };
		draw();
		const stream = c.captureStream(10);
		navigator.mediaDevices.getUserMedia = async () => stream;
		return true })()`, base64.StdEncoding.EncodeToString(frame.Pix), camW, camH))
	ff.eval(`document.querySelector("#bind-product .scan").click(); true`)
	ff.waitFor("the product scanned", `document.querySelector("#bind-product .filled").offsetParent !== null`)
	if got := ff.eval(`document.querySelector("#bind-product .filled").innerText`); !regexpMatch(`PRD-000322[\s\S]*GTIN 09506000134352`, got) {
		t.Fatalf("the product step shows %q", got)
	}
	if frames.Load() == 0 {
		t.Fatal("no frame reached the service's decoder")
	}
	ff.shot(shots, "scanned")
	ff.eval(`document.getElementById("bind-confirm").click(); true`)
	ff.waitFor("saved", `document.querySelector("#bind-result.ok") !== null && document.getElementById("bind-result").textContent.includes("Saved — bound")`)
	ff.shot(shots, "saved")
	checkBound(t, svc, "PRD-000322", moduleA, svc.installer, "bind")
}

func regexpMatch(re string, v any) bool {
	s, ok := v.(string)
	return ok && regexp.MustCompile(re).MatchString(s)
}
