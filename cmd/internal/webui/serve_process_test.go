package webui_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hwident/hwident/cmd/internal/menderapi/mendertest"
	"github.com/hwident/hwident/cmd/internal/store"
)

// serveProcess is `hwident serve` run as a process, as an installation
// runs it: built from this tree, users added with `hwident serve user
// add`, its self-signed certificate, replicating to the Mender test server.
type serveProcess struct {
	URL    string
	ledger string
	cmd    *exec.Cmd
	done   chan error
}

func startServe(t *testing.T, mender *mendertest.Server, users map[string]string) *serveProcess {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "hwident")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build hwident: %v", err)
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, "github.com/hwident/hwident/cmd/hwident").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ledger := filepath.Join(dir, "ledger.jsonl")
	for name, role := range users {
		cmd := exec.Command(bin, "serve", "user", "add", "--ledger", ledger, "--role", role, "--password-stdin", name)
		cmd.Stdin = strings.NewReader(name + "-password-1\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("serve user add %s: %v\n%s", name, err, out)
		}
	}
	p := &serveProcess{ledger: ledger, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, "serve", "--ledger", ledger, "--listen", "127.0.0.1:0", "--mender-server", mender.URL, "--log-format", "text")
	p.cmd.Env = append(os.Environ(), "HWIDENT_MENDER_TOKEN="+mendertest.GoodToken)
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`listening on (https://127\.0\.0\.1:\d+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				listening <- m[1]
			}
		}
	}()
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	select {
	case p.URL = <-listening:
	case err := <-p.done:
		t.Fatalf("hwident serve exited: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("hwident serve did not say where it listens within 30 s")
	}
	return p
}

// stop ends the service as systemd does (SIGTERM) and waits for it.
func (p *serveProcess) stop(t *testing.T) {
	if p.cmd.ProcessState != nil || p.cmd.Process == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("hwident serve after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		t.Error("hwident serve did not stop within 30 s of SIGTERM")
	}
}

// TestServeCommandInstallerFlow is the installer's whole flow on a phone
// against `hwident serve` itself: sign in, scan the module label and the
// product's GS1 Digital Link with the camera (decoded by the service:
// Chromium on Linux has no BarcodeDetector), confirm, "Saved"; Mender gets
// the product's tags; after the service stops, the ledger holds the pair.
func TestServeCommandInstallerFlow(t *testing.T) {
	chromium(t) // skip before building when there is no browser
	mender := mendertest.New()
	t.Cleanup(mender.Close)
	devID := mender.ConnectDevice(menderIdentity(moduleA))
	srv := startServe(t, mender, map[string]string{"ann": "installer"})

	_, module := moduleLabel(t, moduleA)
	_, product := productLabel(t, "PRD-000123")
	cam := cameraFile(t)
	writeCamera(t, cam, module, 0.8)
	b := newBrowser(t, browserOpt{camera: cam, grantCamera: true})
	b.do(chromedp.Navigate(srv.URL))
	b.waitText("#signin h1", "Sign in")
	b.shot("signin")
	b.signIn(srv.URL, "ann", "ann-password-1")
	b.shot("bind-start")
	if has, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`"BarcodeDetector" in window`)); has {
		t.Fatal("this Chromium has BarcodeDetector: the test would not exercise the service's decoder")
	}
	release := holdRequests(t, b, "*/api/v1/scans/frame") // until the camera is on the screenshot
	b.click("#bind-device .scan")
	b.waitText("#camera-msg", "frame")
	b.do(chromedp.Sleep(300 * time.Millisecond)) // a frame or two in the preview
	b.shot("camera")
	release()
	b.waitText("#bind-device .filled", "mac=b8:27:eb:12:34:56")
	b.waitText("#bind-device .filled", moduleA.ID()[:12])
	b.shot("module-scanned")

	writeCamera(t, cam, product, 0.9) // the camera starts afresh for the next scan
	b.click("#bind-product .scan")
	b.waitText("#bind-product .filled", "PRD-000123")
	b.waitText("#bind-product .filled", "GTIN 09506000134352")
	b.shot("product-scanned")
	b.click("#bind-confirm")
	b.waitText("#bind-result.ok", "Saved — bound")
	b.shot("saved")
	b.noConsoleErrors(signedOutProbe)

	for tag, want := range map[string]string{"product_serial": "PRD-000123", "gtin": "09506000134352"} {
		var got string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if got, _ = mender.Tag(devID, tag); got == want {
				break
			}
		}
		if got != want {
			t.Errorf("Mender tag %s = %q, want %q", tag, got, want)
		}
	}

	srv.stop(t)
	st, err := store.OpenFile(srv.ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bd, ok, err := st.ByProduct(context.Background(), "PRD-000123")
	if err != nil || !ok || bd.DeviceHash() != moduleA.ID() || bd.By != "ann" || bd.GTIN != "09506000134352" {
		t.Fatalf("ledger after stop: %+v, bound %v, %v", bd, ok, err)
	}
	evs, err := st.History(context.Background(), "PRD-000123", "")
	if err != nil || len(evs) != 1 {
		t.Fatalf("ledger history %+v, %v: want one bind", evs, err)
	}
}
