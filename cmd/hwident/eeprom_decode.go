//go:build !identityonly

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
)

// maxImageFile bounds what decode reads: the largest EEPROM images are
// 64 KiB; anything much bigger is not an EEPROM dump.
const maxImageFile = 1 << 20

func runEEPROMDecode(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	format := fs.String("format", "auto", "image `format`: "+strings.Join(eeprom.Formats, ", "))
	asJSON := fs.Bool("json", false, "print the fields as JSON (as identity id_data) instead of key=value lines")
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) != 1 {
		return cli.Usagef("eeprom decode: want one FILE (or - for stdin), got %d arguments", len(fs.Args()))
	}
	if !slices.Contains(eeprom.Formats, *format) {
		return cli.Usagef("eeprom decode: unknown --format %q: use one of %s", *format, strings.Join(eeprom.Formats, ", "))
	}
	img, err := a.readImage(fs.Arg(0))
	if err != nil {
		return err
	}
	d, err := eeprom.Decode(*format, img)
	if err != nil {
		return fmt.Errorf("eeprom decode %s: %w", fs.Arg(0), err)
	}
	var id identity.Identity
	for _, f := range d.Fields {
		id = append(id, identity.Attr{Key: f.Key, Value: f.Value})
	}
	if len(id) == 0 {
		return fmt.Errorf("eeprom decode %s: the %s image decoded to no fields: %v", fs.Arg(0), d.Format, d.Problems)
	}
	out := id.Mender()
	if *asJSON {
		out = append(id.JSON(), '\n')
	}
	// Parts that did not decode are reported, like ipmi-fru does, while the
	// fields that did are printed.
	var warn strings.Builder
	for _, p := range d.Problems {
		fmt.Fprintf(&warn, "hwident: eeprom decode %s: warning: %v\n", fs.Arg(0), p)
	}
	if _, err := a.Stdout.Write(out); err != nil {
		return err
	}
	_, err = io.WriteString(a.Stderr, warn.String())
	return err
}

// readImage reads a file, or stdin for "-", up to maxImageFile bytes.
func (a *app) readImage(name string) ([]byte, error) {
	var r io.Reader = a.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var buf bytes.Buffer // not io.ReadAll: only this would link it in the identity-only build (docs/size.md)
	if _, err := buf.ReadFrom(io.LimitReader(r, maxImageFile+1)); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	b := buf.Bytes()
	if len(b) > maxImageFile {
		return nil, fmt.Errorf("%s is larger than %d bytes: not an EEPROM image", name, maxImageFile)
	}
	return b, nil
}
