package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeviceBuildsLeaveOutTheInstallerPage: the web page, the frame decoder
// and the browser-test driver are station code; device and identity-only
// builds must not link them (size budgets, attack surface), and the
// default build's serve command must.
func TestDeviceBuildsLeaveOutTheInstallerPage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the dependencies: %v", err)
	}
	station := []string{
		"github.com/hwident/hwident/cmd/internal/webui",
		"github.com/hwident/hwident/cmd/internal/framescan",
		"github.com/makiuchi-d/gozxing",
		"github.com/chromedp/chromedp",
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range station[:2] {
		if !strings.Contains("\n"+string(out), "\n"+pkg+"\n") {
			t.Errorf("the default build does not link %s: hwident serve serves no page", pkg)
		}
	}
	for _, tags := range []string{"device", "identityonly"} {
		out, err := exec.Command(goTool, "list", "-deps", "-tags", tags, ".").Output()
		if err != nil {
			t.Fatalf("go list -tags %s: %v", tags, err)
		}
		deps := "\n" + string(out)
		for _, pkg := range station {
			if strings.Contains(deps, "\n"+pkg+"\n") || strings.Contains(deps, "\n"+pkg+"/") {
				t.Errorf("the %s build links %s", tags, pkg)
			}
		}
	}
}
