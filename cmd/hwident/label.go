//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/label"
)

const labelSynopsis = "label [--root DIR] [--config FILE] | [--identity FILE|-] | [--batch FILE]\n" +
	"         [--format zpl|tspl|png|svg|txt|payload] [--out FILE|DIR] [--print tcp://HOST[:PORT]|lp:QUEUE|PATH]\n" +
	"         [--dpi 203|300|600] [--size WxH] [--ec L|M|Q|H] [--text LINE]... [--copies N] [--url-template URL]"

// labelOptions are the parsed flags of `hwident label`.
type labelOptions struct {
	root, config, identityFile, batch string
	format, out, print, urlTemplate   string
	spec                              label.Spec
	noText                            bool // --text '': no human-readable text
}

func runLabel(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	o, err := a.labelFlags(fs)
	if err != nil {
		return err
	}
	ids, err := a.labelIdentities(o)
	if err != nil {
		return err
	}
	if o.format == "png" || o.format == "svg" {
		if len(ids) > 1 || o.batch != "" {
			return a.writeLabelFiles(o, ids)
		}
	}
	var b []byte
	for _, id := range ids {
		if b, err = appendLabel(b, o, id); err != nil {
			return fmt.Errorf("label for %s: %w", describe(id), err)
		}
	}
	switch {
	case o.print != "":
		if err := sendToPrinter(o.print, b); err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.Stderr, "hwident: sent %d label(s), %d bytes, to %s\n", len(ids), len(b), o.print)
		return err
	case o.out != "":
		return durable.Write(o.out, b, durable.Options{Perm: 0o644, Through: outputThrough})
	}
	_, err = a.Stdout.Write(b)
	return err
}

func (a *app) labelFlags(fs *cli.Flags) (*labelOptions, error) {
	o := &labelOptions{}
	root, config := fs.MachineFlags()
	identityFile := fs.String("identity", "", "label the identity lines in `FILE` (- for stdin) instead of this device")
	batch := fs.String("batch", "", "label every identity in `FILE` (- for stdin): CSV with a header row of keys, or JSON lines; values percent-encoded as hwident identity prints them")
	format := fs.String("format", "zpl", "output `format`: zpl, tspl, png, svg, txt or payload (the QR text only)")
	out := fs.String("out", "", "write to `FILE` (default stdout); a directory for png/svg with --batch")
	printTo := fs.String("print", "", "send zpl/tspl to `PRINTER`: tcp://HOST[:9100], lp:QUEUE (CUPS raw) or a device path such as /dev/usb/lp0; fails if not taken within 20 s")
	urlTemplate := fs.String("url-template", "", "put the payload into `URL` at "+payload.Placeholder+" (uppercase keeps the code small)")
	dpi := fs.Int("dpi", 203, "printer resolution: 203, 300 or 600 `dpi`")
	size := fs.String("size", "50x25", "label size `WxH` in mm")
	ec := fs.String("ec", "M", "QR error-correction `level`: L, M, Q or H")
	copies := fs.Int("copies", 1, "copies of each label (zpl, tspl)")
	var text textLines
	fs.Var(&text, "text", "human-readable `LINE` (repeatable; default: the identity's key=value lines; --text '' alone: no text)")
	if err := fs.Parse(); err != nil {
		return nil, err
	}
	o.root, o.config, o.identityFile, o.batch = *root, *config, *identityFile, *batch
	o.format, o.out, o.print, o.urlTemplate = *format, *out, *printTo, *urlTemplate
	if len(fs.Args()) > 0 {
		return nil, cli.Usagef("label takes no arguments, got %q (to decode a payload: hwident label decode PAYLOAD)", fs.Args())
	}
	level, err := label.ParseLevel(*ec)
	if err != nil {
		return nil, cli.Usagef("--ec: %v", err)
	}
	w, h, err := label.ParseSize(*size)
	if err != nil {
		return nil, cli.Usagef("--size: %v", err)
	}
	// A single empty --text asks for the code alone, e.g. on a square
	// label the code fills.
	o.noText = len(text) == 1 && text[0] == ""
	if o.noText {
		text = nil
	}
	o.spec = label.Spec{WidthMM: w, HeightMM: h, DPI: *dpi, Level: level, Text: text, Copies: *copies}
	if err := o.spec.Check(); err != nil {
		return nil, cli.Usagef("%w", err)
	}
	if o.urlTemplate != "" {
		if err := payload.CheckURLTemplate(o.urlTemplate); err != nil {
			return nil, cli.Usagef("--url-template: %w", err)
		}
	}
	printerFormat := o.format == "zpl" || o.format == "tspl"
	switch {
	case labelRenderer(o.format) == nil && o.format != "payload":
		return nil, cli.Usagef("unknown --format %q: use zpl, tspl, png, svg, txt or payload", o.format)
	case o.identityFile != "" && o.batch != "":
		return nil, cli.Usagef("--identity and --batch exclude each other")
	case (o.identityFile != "" || o.batch != "") && (o.root != "" || o.config != ""):
		return nil, cli.Usagef("--root and --config read this device; they do not combine with --identity or --batch")
	case o.print != "" && o.out != "":
		return nil, cli.Usagef("--print and --out exclude each other")
	case o.print != "" && !printerFormat:
		return nil, cli.Usagef("--print sends printer languages: use --format zpl or tspl")
	case *copies != 1 && !printerFormat:
		return nil, cli.Usagef("--copies applies to zpl and tspl only")
	}
	return o, nil
}

// textLines collects repeated --text flags.
type textLines []string

func (t *textLines) String() string     { return strings.Join(*t, "\n") }
func (t *textLines) Set(s string) error { *t = append(*t, s); return nil }

// labelIdentities returns the identities to label: a batch, the lines of
// --identity, or this device's identity.
func (a *app) labelIdentities(o *labelOptions) ([]identity.Identity, error) {
	switch {
	case o.batch != "":
		return readBatch(a, o.batch)
	case o.identityFile != "":
		data, err := cli.ReadInput(a.App, "--identity", o.identityFile, cli.MaxIdentityInput, "no QR code holds that much")
		if err != nil {
			return nil, err
		}
		id, err := identity.ParseLines(string(data))
		if err != nil {
			return nil, fmt.Errorf("identity %s: %w", cli.InputName(o.identityFile), err)
		}
		return []identity.Identity{id}, nil
	}
	m := a.machine(o.root)
	cfg, err := m.LoadConfig(o.config)
	if err != nil {
		return nil, err
	}
	id, err := a.resolveIdentity(m, cfg)
	if err != nil {
		return nil, err
	}
	return []identity.Identity{id}, nil
}

// appendLabel renders the label of one identity in o.format.
func appendLabel(b []byte, o *labelOptions, id identity.Identity) ([]byte, error) {
	content, err := payload.Encode(id)
	if o.urlTemplate != "" {
		content, err = payload.URL(o.urlTemplate, id)
	}
	if err != nil {
		return b, err
	}
	if o.format == "payload" {
		return append(append(b, content...), '\n'), nil
	}
	spec := o.spec
	if len(spec.Text) == 0 && !o.noText {
		spec.Text = strings.Split(strings.TrimSuffix(string(id.Mender()), "\n"), "\n")
	}
	l, err := label.New(content, spec)
	if errors.Is(err, label.ErrTooLong) {
		return b, fmt.Errorf("%w (the identity's payload%s: label fewer or shorter attributes)", err, urlNote(o.urlTemplate))
	}
	if err != nil {
		return b, err
	}
	return labelRenderer(o.format)(l, b)
}

func urlNote(template string) string {
	if template == "" {
		return ""
	}
	return " in --url-template"
}

// renderer appends one label in a format.
type renderer func(l *label.Label, b []byte) ([]byte, error)

// labelRenderer returns the renderer of a format, nil for payload and
// unknown formats. Every label build has them all. A switch, not a
// package-level map.
func labelRenderer(format string) renderer {
	switch format {
	case "zpl":
		return func(l *label.Label, b []byte) ([]byte, error) { return l.AppendZPL(b), nil }
	case "tspl":
		return (*label.Label).AppendTSPL
	case "txt":
		return func(l *label.Label, b []byte) ([]byte, error) { return l.AppendText(b), nil }
	case "svg":
		return func(l *label.Label, b []byte) ([]byte, error) { return l.AppendSVG(b), nil }
	case "png":
		return func(l *label.Label, b []byte) ([]byte, error) { return l.AppendPNG(b), nil }
	}
	return nil
}

// writeLabelFiles writes one PNG or SVG per identity into the --out
// directory, named by position and identity hash. All are rendered before
// the first is written, so a bad identity leaves no partial batch.
func (a *app) writeLabelFiles(o *labelOptions, ids []identity.Identity) error {
	if o.out == "" {
		return cli.Usagef("--format %s with --batch writes one file per label: give --out DIR", o.format)
	}
	files, err := renderParallel(o, ids)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", o.out, err)
	}
	// No fsyncs: one per file would cut a batch to a few hundred labels a
	// second, and labels can be made again. Still atomic, and never over
	// a device or FIFO that happens to have a label's name.
	for i, data := range files {
		name := filepath.Join(o.out, fmt.Sprintf("%04d-%s.%s", i+1, ids[i].ID()[:16], o.format))
		if err := durable.Write(name, data, durable.Options{Perm: 0o644, NoSync: true}); err != nil {
			return fmt.Errorf("write label: %w", err)
		}
	}
	_, err = fmt.Fprintf(a.Stderr, "hwident: wrote %d %s labels to %s\n", len(ids), o.format, o.out)
	return err
}

// renderParallel renders one file per identity on every CPU: a PNG costs
// far more than its write.
func renderParallel(o *labelOptions, ids []identity.Identity) ([][]byte, error) {
	files := make([][]byte, len(ids))
	errs := make([]error, len(ids))
	workers := min(runtime.NumCPU(), len(ids))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ids); i += workers {
				files[i], errs[i] = appendLabel(nil, o, ids[i])
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("label %d (%s): %w", i+1, describe(ids[i]), err)
		}
	}
	return files, nil
}

// describe names an identity in error messages by its first attribute.
func describe(id identity.Identity) string {
	if len(id) == 0 {
		return "empty identity"
	}
	return id[0].Key + "=" + identity.Quote(identity.EncodeValue(id[0].Value))
}

// labelDecode prints the identity lines of a scanned payload or URL.
func labelDecode(a *cli.App, fs *cli.Flags) error {
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) != 1 {
		return cli.Usagef("label decode takes one PAYLOAD (or - for stdin)")
	}
	text := fs.Arg(0)
	if text == "-" {
		data, err := cli.ReadCapped(a.Stdin, "label decode", "stdin", cli.MaxIdentityInput, "a scan is never that long")
		if err != nil {
			return err
		}
		text = string(data)
	}
	id, err := payload.Decode(text)
	if err != nil {
		return fmt.Errorf("decode label payload: %w", err)
	}
	_, err = a.Stdout.Write(id.Mender())
	return err
}
