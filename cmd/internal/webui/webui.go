// Package webui is the installer's web page that `hwident serve` serves at
// /: sign in, scan a module label and a product serial with the phone's
// camera (or type them, or use a handheld scanner), confirm, see the
// result; supervisors also replace and unbind; everyone can find a binding.
// Plain HTML, CSS and JavaScript modules embedded in the binary: no CDN, no
// web font, no build step. The API it uses is docs/api.md.
//
// The page needs these response headers, which the service sets (the page
// sets none itself, except on the files it serves as noted below):
//
//	Content-Security-Policy: ContentSecurityPolicy (no inline script or
//	    style, only this origin, no framing)
//	Permissions-Policy: PermissionsPolicy (the camera for this origin)
//	X-Content-Type-Options: nosniff
//	Referrer-Policy: no-referrer
//
// The camera works only in a secure context: HTTPS, or http://localhost.
// The page sends the X-CSRF-Token header from the login reply on every POST
// and an Idempotency-Key on every binding change; it never puts a secret in
// a URL and shows every scanned or stored value as text, never as HTML.
//
// Only the default (station) build's serve command imports this package;
// device and identity-only builds do not.
package webui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// ContentSecurityPolicy is the policy the page works under: scripts and
// styles only from files of this origin, requests only to this origin.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// PermissionsPolicy allows the camera to this origin only, nothing else.
const PermissionsPolicy = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"

//go:embed static
var static embed.FS

// file is one page file ready to send.
type file struct {
	ctype string
	etag  string
	plain []byte
	gz    []byte // nil when compression does not help
}

// Handler serves the page: GET or HEAD of / and of the page's own files.
// Files are sent with an ETag and revalidated on each load (Cache-Control:
// no-cache), so an upgraded service is never paired with an old script;
// gzip-compressed when the browser accepts it.
func Handler() http.Handler {
	files := load()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" {
			name = "index.html"
		}
		f, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Vary", "Accept-Encoding")
		body, etag := f.plain, f.etag
		if f.gz != nil && acceptsGzip(r) {
			body, etag = f.gz, f.etag[:len(f.etag)-1]+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// load reads the embedded files once per Handler.
func load() map[string]*file {
	files := map[string]*file{}
	sub, _ := fs.Sub(static, "static") // the directory is embedded
	fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		f := &file{ctype: contentType(name), etag: `"` + hex.EncodeToString(sum[:8]) + `"`, plain: data}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // the level is valid
		zw.Write(data)
		zw.Close()
		if gz.Len() < len(data) {
			f.gz = gz.Bytes()
		}
		files[name] = f
		return nil
	})
	return files
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}
