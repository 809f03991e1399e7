package webui_test

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLayoutWidths: from a small phone to a desktop, nothing scrolls
// sideways and every control is a thumb-sized target.
func TestBrowserLayoutWidths(t *testing.T) {
	svc := newService(t)
	b := newBrowser(t, browserOpt{})
	b.signIn(svc.URL, svc.supervisor, svc.supervisorPassword)
	b.enter("#bind-device", labelPayload(t, moduleA))
	for _, size := range []struct{ w, h int64 }{{360, 640}, {390, 844}, {768, 1024}, {1366, 768}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			opts := []chromedp.EmulateViewportOption{}
			if size.w < 700 {
				opts = append(opts, chromedp.EmulateMobile)
			}
			b.do(chromedp.EmulateViewport(size.w, size.h, opts...))
			b.do(chromedp.Sleep(100 * time.Millisecond))
			overflow, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			if err != nil || overflow {
				t.Errorf("the page scrolls sideways (%v)", err)
			}
			small, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("button, input")]
				.filter((e) => e.offsetParent !== null)
				.filter((e) => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
				.map((e) => (e.id || e.className || e.textContent) + " " + Math.round(e.getBoundingClientRect().width) + "x" + Math.round(e.getBoundingClientRect().height))`))
			if err != nil || len(small) > 0 {
				t.Errorf("touch targets under 44×44 CSS px: %q (%v)", small, err)
			}
			b.shot(fmt.Sprintf("layout-%dx%d", size.w, size.h))
		})
	}
	b.noConsoleErrors(signedOutProbe)
}

// TestColourContrast: the text and state colours of app.css keep a
// contrast of at least 7:1 (WCAG AAA) on their backgrounds, for reading in
// sunlight; white on the action colours at least 4.5:1 (large bold text).
func TestColourContrast(t *testing.T) {
	css, err := os.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	vars["white"] = "#fff"
	for _, tt := range []struct {
		fg, bg string
		min    float64
	}{
		{"ink", "paper", 7}, {"muted", "paper", 7},
		{"ok", "ok-bg", 4.5}, {"warn", "warn-bg", 7}, {"bad", "bad-bg", 4.5}, {"ink", "info-bg", 7},
		{"ok", "paper", 4.5}, {"bad", "paper", 4.5}, {"blue", "paper", 7},
		{"white", "blue", 7}, {"white", "bad", 4.5},
	} {
		fg, bg := vars[tt.fg], vars[tt.bg]
		if fg == "" || bg == "" {
			t.Errorf("app.css has no --%s or --%s", tt.fg, tt.bg)
			continue
		}
		if c := contrast(fg, bg); c < tt.min {
			t.Errorf("--%s on --%s: contrast %.1f:1, want ≥ %g:1", tt.fg, tt.bg, c, tt.min)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two #rgb or #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	hex = hex[1:]
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}
