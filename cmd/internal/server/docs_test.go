package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
)

// docExample is one request of docs/api.md and the response it shows.
type docExample struct {
	line         int
	method, path string
	header       http.Header
	body         string
	status       int
	want         string // JSON, "…" matching anything
}

var httpBlock = regexp.MustCompile("(?s)```http\n(.*?)```")

func parseDocExamples(t *testing.T, doc string) []docExample {
	blocks := httpBlock.FindAllStringSubmatchIndex(doc, -1)
	if len(blocks)%2 != 0 || len(blocks) == 0 {
		t.Fatalf("docs/api.md has %d http blocks: want request/response pairs", len(blocks))
	}
	var out []docExample
	for i := 0; i < len(blocks); i += 2 {
		req, resp := doc[blocks[i][2]:blocks[i][3]], doc[blocks[i+1][2]:blocks[i+1][3]]
		ex := docExample{line: strings.Count(doc[:blocks[i][0]], "\n") + 1, header: http.Header{}}
		head, body, _ := strings.Cut(req, "\n\n")
		lines := strings.Split(strings.TrimSpace(head), "\n")
		ex.method, ex.path, _ = strings.Cut(lines[0], " ")
		for _, l := range lines[1:] {
			k, v, _ := strings.Cut(l, ": ")
			ex.header.Set(k, v)
		}
		ex.body = strings.TrimSpace(body)
		rhead, rbody, _ := strings.Cut(resp, "\n\n")
		f := strings.Fields(rhead)
		if len(f) < 2 || f[0] != "HTTP/1.1" {
			t.Fatalf("docs/api.md line %d: the block after a request must be its response", ex.line)
		}
		ex.status, _ = strconv.Atoi(f[1])
		ex.want = strings.TrimSpace(rbody)
		out = append(out, ex)
	}
	return out
}

// subset reports where got lacks a field of want ("" if none).
func subset(want, got any, path string) string {
	switch w := want.(type) {
	case string:
		if w == "…" {
			return ""
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path + ": not an object"
		}
		for k, v := range w {
			if _, has := g[k]; !has {
				return path + "." + k + ": missing"
			}
			if d := subset(v, g[k], path+"."+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path + ": not an array of " + strconv.Itoa(len(w))
		}
		for i := range w {
			if d := subset(w[i], g[i], path+"["+strconv.Itoa(i)+"]"); d != "" {
				return d
			}
		}
		return ""
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	if string(wb) != string(gb) {
		return path + ": " + string(gb) + ", want " + string(wb)
	}
	return ""
}

// TestAPIDocExamples runs the examples of docs/api.md in order.
func TestAPIDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	h, _ := credential.HashPassword("correct horse 1")
	if err := f.st.UpdateUser(context.Background(), "ann", func(u *store.User) error { u.PasswordHash = h; return nil }); err != nil {
		t.Fatal(err)
	}
	vars := strings.NewReplacer("$ANN_TOKEN", f.tokens["ann"], "$SUE_TOKEN", f.tokens["sue"], "$ADMIN_TOKEN", f.tokens["root"])
	examples := parseDocExamples(t, string(doc))
	for _, ex := range examples {
		var body io.Reader
		if ex.body != "" {
			body = strings.NewReader(ex.body)
		}
		req, _ := http.NewRequest(ex.method, f.http.URL+ex.path, body)
		for k, v := range ex.header {
			req.Header.Set(k, vars.Replace(v[0]))
		}
		resp, err := f.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(bufio.NewReader(resp.Body))
		resp.Body.Close()
		if resp.StatusCode != ex.status {
			t.Errorf("docs/api.md:%d %s %s = %d, the doc shows %d: %s", ex.line, ex.method, ex.path, resp.StatusCode, ex.status, data)
			continue
		}
		if ex.want == "" {
			continue
		}
		var want, got any
		if err := json.Unmarshal([]byte(ex.want), &want); err != nil {
			t.Fatalf("docs/api.md:%d: the response shown is not JSON: %v", ex.line, err)
		}
		if err := json.Unmarshal(data, &got); err != nil {
			t.Errorf("docs/api.md:%d: answer is not JSON: %s", ex.line, data)
			continue
		}
		if d := subset(want, got, ""); d != "" {
			t.Errorf("docs/api.md:%d %s %s: %s\n%s", ex.line, ex.method, ex.path, d, data)
		}
	}
	if len(examples) < 10 {
		t.Errorf("only %d examples found", len(examples))
	}
}
