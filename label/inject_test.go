package label_test

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hwident/hwident/label"
)

var hostileTexts = []string{
	"^XZ^XA^FO0,0^GB400,200,200^FS",
	"~JA~JR",
	`he said "hi"`,
	"<script>alert(1)</script>",
	"line1\nline2\r~JR\tTAB",
	"é ü 日本",
	"_5E_7E",
	"\x00\x1b[2J\x7f",
	"\xff\xfe invalid UTF-8",
	"&amp; ]]> <!--",
}

// layoutTwin has the same runes where lines may be folded (after '=',
// space and punctuation) and 'x' for every other rune, so the same layout,
// and no specials.
func layoutTwin(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" =:,;-/._", r) {
			return r
		}
		return 'x'
	}, s)
}

// zplCommands lists the command names of a ZPL stream: what follows ^ or ~.
func zplCommands(zpl string) []string {
	var cmds []string
	for i := 0; i < len(zpl); i++ {
		if zpl[i] == '^' || zpl[i] == '~' {
			cmds = append(cmds, zpl[i:min(i+3, len(zpl))])
		}
	}
	return cmds
}

func unescapeFH(t *testing.T, s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '_' {
			b = append(b, s[i])
			continue
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			t.Fatalf("bad ^FH escape in %q", s)
		}
		b = append(b, byte(v))
		i += 2
	}
	return string(b)
}

func TestZPLInjection(t *testing.T) {
	for _, text := range hostileTexts {
		l := mustLabel(t, text)
		base := mustLabel(t, layoutTwin(text))
		zpl := string(l.AppendZPL(nil))
		if got, want := strings.Join(zplCommands(zpl), " "), strings.Join(zplCommands(string(base.AppendZPL(nil))), " "); got != want {
			t.Errorf("text %q changes the commands:\n got %s\nwant %s", text, got, want)
		}
		// Long text is wrapped over several fields.
		var field string
		for _, f := range strings.Split(zpl, "^A0N,")[1:] {
			_, f, _ = strings.Cut(f, "^FH^FD")
			f, _, _ = strings.Cut(f, "^FS")
			field += f
		}
		if got := unescapeFH(t, field); got != text {
			t.Errorf("field data %q unescapes to %q, want %q", field, got, text)
		}
		for i := 0; i < len(field); i++ {
			if c := field[i]; c < 0x20 || c >= 0x7f {
				t.Errorf("field data %q has raw byte %#x", field, c)
			}
		}
	}
}

// The QR data goes through ^FH too: a URL template may hold any byte.
func TestZPLQRDataEscaped(t *testing.T) {
	content := "HTTPS://X/^XZ^XA~JA_5E\u00e9/HW10CD0AABBCCDDEEFF2GA"
	twin := strings.Repeat("A", len(content))
	l, err := label.New(content, spec(203, 'Q'))
	if err != nil {
		t.Fatal(err)
	}
	base, err := label.New(twin, spec(203, 'Q'))
	if err != nil {
		t.Fatal(err)
	}
	zpl := string(l.AppendZPL(nil))
	if got, want := strings.Join(zplCommands(zpl), " "), strings.Join(zplCommands(string(base.AppendZPL(nil))), " "); got != want {
		t.Errorf("QR content changes the commands:\n got %s\nwant %s", got, want)
	}
	_, field, _ := strings.Cut(zpl, "^BQN,")
	_, field, _ = strings.Cut(field, "^FH^FDQA,")
	field, _, _ = strings.Cut(field, "^FS")
	if got := unescapeFH(t, field); got != content {
		t.Errorf("^BQ data %q unescapes to %q, want %q", field, got, content)
	}
}

func TestTSPLInjection(t *testing.T) {
	for _, text := range hostileTexts {
		l := mustLabel(t, text)
		base := mustLabel(t, layoutTwin(text))
		got, err := l.AppendTSPL(nil)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := base.AppendTSPL(nil)
		gotLines, wantLines := strings.Split(string(got), "\r\n"), strings.Split(string(want), "\r\n")
		if len(gotLines) != len(wantLines) {
			t.Fatalf("text %q makes %d lines, want %d:\n%s", text, len(gotLines), len(wantLines), got)
		}
		var data string
		for i := range gotLines {
			gw, _, _ := strings.Cut(gotLines[i], " ")
			ww, _, _ := strings.Cut(wantLines[i], " ")
			if gw != ww {
				t.Errorf("line %d is %q, want a %s command", i, gotLines[i], ww)
			}
			if !strings.HasPrefix(gotLines[i], "TEXT ") {
				continue
			}
			// The last argument is the only quoted string that is data.
			q := strings.Index(gotLines[i], `,"0",0,`)
			rest := gotLines[i][q+len(`,"0",0,`):]
			quoted := rest[strings.IndexByte(rest, '"'):]
			inner := strings.TrimSuffix(strings.TrimPrefix(quoted, `"`), `"`)
			if strings.Contains(strings.ReplaceAll(inner, `\["]`, ""), `"`) {
				t.Errorf("unescaped quote in %q", gotLines[i])
			}
			data += strings.ReplaceAll(inner, `\["]`, `"`)
		}
		printable := strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return '?'
			}
			return r
		}, text)
		if data != printable && utf8.ValidString(text) {
			t.Errorf("TEXT data %q, want %q", data, printable)
		}
	}
}

func TestSVGInjection(t *testing.T) {
	for _, text := range hostileTexts {
		svg := mustLabel(t, text).AppendSVG(nil)
		base := mustLabel(t, layoutTwin(text)).AppendSVG(nil)
		gotElems, gotText := svgElements(t, string(svg))
		wantElems, _ := svgElements(t, string(base))
		if gotElems != wantElems {
			t.Errorf("text %q changes the elements: %s, want %s", text, gotElems, wantElems)
		}
		if !utf8.ValidString(gotText) || strings.ContainsAny(gotText, "\x00\x1b\n\r") {
			t.Errorf("text %q reads back as %q", text, gotText)
		}
		if utf8.ValidString(text) && !strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 || r == 0x7f }) && gotText != text {
			t.Errorf("text %q reads back as %q", text, gotText)
		}
	}
}

// svgElements parses the SVG as XML and returns its element names and the
// character data of its text elements.
func svgElements(t *testing.T, svg string) (string, string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var names, text []string
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			names = append(names, tok.Name.Local)
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				text = append(text, string(tok))
			}
		}
	}
	return strings.Join(names, " "), strings.Join(text, "")
}

func mustLabel(t *testing.T, text string) *label.Label {
	t.Helper()
	l, err := label.New("HW10CD0AABBCCDDEEFF2GA", spec(203, 'M', text))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// No text, whatever its bytes, changes the ZPL or TSPL commands of a label.
func FuzzTextStaysData(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if utf8.RuneCountInString(text) > 60 {
			return // would not fit the label; New reports that
		}
		l := mustLabel(t, text)
		base := mustLabel(t, layoutTwin(text))
		if got, want := strings.Join(zplCommands(string(l.AppendZPL(nil))), " "), strings.Join(zplCommands(string(base.AppendZPL(nil))), " "); got != want {
			t.Fatalf("text %q changes the ZPL commands:\n got %s\nwant %s", text, got, want)
		}
		got, err := l.AppendTSPL(nil)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := base.AppendTSPL(nil)
		if g, w := strings.Count(string(got), "\r\n"), strings.Count(string(want), "\r\n"); g != w {
			t.Fatalf("text %q makes %d TSPL lines, want %d", text, g, w)
		}
	})
}
