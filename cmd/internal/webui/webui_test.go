package webui_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/hwident/hwident/cmd/internal/webui"
)

func get(t *testing.T, h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerServesPage(t *testing.T) {
	h := webui.Handler()
	tests := []struct {
		method, path string
		status       int
		ctype        string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8"},
		{"HEAD", "/", 200, "text/html; charset=utf-8"},
		{"GET", "/index.html", 200, "text/html; charset=utf-8"},
		{"GET", "/app.js", 200, "text/javascript; charset=utf-8"},
		{"GET", "/camera.js", 200, "text/javascript; charset=utf-8"},
		{"GET", "/app.css", 200, "text/css; charset=utf-8"},
		{"GET", "/icon.svg", 200, "image/svg+xml"},
		{"GET", "/static/app.js", 404, ""},
		{"GET", "/../webui.go", 404, ""},
		{"GET", "/nothing.js", 404, ""},
		{"POST", "/", 405, ""},
		{"PUT", "/app.js", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := get(t, h, tt.method, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			for name, want := range map[string]string{"Content-Type": tt.ctype, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"} {
				if got := rec.Header().Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if rec.Header().Get("ETag") == "" {
				t.Error("no ETag")
			}
			if tt.method == "HEAD" && rec.Body.Len() != 0 {
				t.Error("HEAD with a body")
			}
		})
	}
}

func TestHandlerCompressesAndRevalidates(t *testing.T) {
	h := webui.Handler()
	plain := get(t, h, "GET", "/app.js")
	gz := get(t, h, "GET", "/app.js", "Accept-Encoding", "br, gzip;q=0.8")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers %v: not gzip-encoded", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Fatalf("the gzip body does not decompress to the file (%v)", err)
	}
	if gz.Body.Len() >= plain.Body.Len() {
		t.Errorf("compressed %d bytes, plain %d", gz.Body.Len(), plain.Body.Len())
	}
	if get(t, h, "GET", "/app.js", "Accept-Encoding", "gzip;q=0").Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent although q=0 refuses it")
	}
	for _, r := range []*httptest.ResponseRecorder{plain, gz} {
		etag := r.Header().Get("ETag")
		again := get(t, h, "GET", "/app.js", "If-None-Match", etag, "Accept-Encoding", r.Header().Get("Content-Encoding"))
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: status %d with %d bytes, want 304", etag, again.Code, again.Body.Len())
		}
	}
	if plain.Header().Get("ETag") == gz.Header().Get("ETag") {
		t.Error("the plain and the gzip body share an ETag")
	}
}

// pageFile is one file a browser loads for the page, found from index.html
// by its references and from each module by its imports.
type pageFile struct {
	name        string
	plain, gzip int
}

var importRe = regexp.MustCompile(`(?m)^import\s[^;]*?from\s+"([^"]+)";`)

// pageLoad follows the page as a browser loads it, checking on the way that
// it holds no inline script or style, no event handler attribute and no
// reference to another origin.
func pageLoad(t *testing.T) []pageFile {
	t.Helper()
	h := webui.Handler()
	seen := map[string]bool{}
	var files []pageFile
	var load func(name string)
	load = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		rec := get(t, h, "GET", "/"+name)
		if rec.Code != 200 {
			t.Fatalf("%s is referenced but answers %d", name, rec.Code)
		}
		gz := get(t, h, "GET", "/"+name, "Accept-Encoding", "gzip")
		files = append(files, pageFile{name, rec.Body.Len(), gz.Body.Len()})
		body := rec.Body.String()
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, ref := range htmlRefs(t, name, body) {
				load(ref)
			}
		case strings.HasSuffix(name, ".js"):
			for _, m := range importRe.FindAllStringSubmatch(body, -1) {
				if !strings.HasPrefix(m[1], "./") {
					t.Errorf("%s imports %q: only the page's own modules", name, m[1])
					continue
				}
				load(strings.TrimPrefix(m[1], "./"))
			}
		}
	}
	load("index.html")
	return files
}

func htmlRefs(t *testing.T, name, body string) []string {
	t.Helper()
	var refs []string
	z := html.NewTokenizer(strings.NewReader(body))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			return refs
		case html.TextToken:
			if inScript && strings.TrimSpace(string(z.Text())) != "" {
				t.Errorf("%s: inline script (the CSP forbids it)", name)
			}
		case html.EndTagToken:
			inScript = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "style" {
				t.Errorf("%s: a <style> element (the CSP forbids inline style)", name)
			}
			inScript = tok.Data == "script"
			for _, a := range tok.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("%s: <%s %s=…>: an inline event handler", name, tok.Data, a.Key)
				case a.Key == "style":
					t.Errorf("%s: <%s style=…>: inline style", name, tok.Data)
				case a.Key == "src" || a.Key == "href" || a.Key == "action":
					if strings.Contains(a.Val, ":") || strings.HasPrefix(a.Val, "//") {
						t.Errorf("%s: <%s %s=%q> leaves the origin", name, tok.Data, a.Key, a.Val)
						continue
					}
					refs = append(refs, strings.TrimPrefix(a.Val, "/"))
				}
			}
		}
	}
}

var externalRe = regexp.MustCompile(`https?://[A-Za-z0-9]|url\(|@import`)

// TestPageLoadsOnlyItsOwnFiles: every embedded file is used, nothing else is
// loaded, and the scripts build the page from text nodes only.
func TestPageLoadsOnlyItsOwnFiles(t *testing.T) {
	files := pageLoad(t)
	loaded := map[string]bool{}
	for _, f := range files {
		loaded[f.name] = true
	}
	embedded, err := fs.Glob(os.DirFS("static"), "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range embedded {
		if !loaded[name] {
			t.Errorf("static/%s is embedded but the page never loads it", name)
		}
		data, err := os.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		// The SVG namespace is a name, not a place anything is loaded from.
		text := strings.ReplaceAll(string(data), `xmlns="http://www.w3.org/2000/svg"`, "")
		if externalRe.MatchString(text) {
			t.Errorf("static/%s refers to another origin or file", name)
		}
		if strings.HasSuffix(name, ".js") {
			for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "localStorage"} {
				if strings.Contains(text, sink) {
					t.Errorf("static/%s uses %s: build elements with view.js h(), values as text", name, sink)
				}
			}
		}
	}
}

// TestREADMETransferSize keeps the README's statement of the page's size
// true: the sum of what a first load transfers, compressed and not.
func TestREADMETransferSize(t *testing.T) {
	var plain, gz int
	files := pageLoad(t)
	for _, f := range files {
		plain += f.plain
		gz += f.gzip
	}
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`The page is (\d+) files, ([0-9.]+) kB \(([0-9.]+) kB gzip-compressed\)`).FindSubmatch(readme)
	kB := func(n int) string { return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) }
	want := "The page is " + strconv.Itoa(len(files)) + " files, " + kB(plain) + " kB (" + kB(gz) + " kB gzip-compressed)"
	if m == nil || string(m[0]) != want {
		t.Errorf("README.md must say %q (found %q)", want, m)
	}
}
