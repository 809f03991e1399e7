//go:build !identityonly

package main

import (
	"fmt"
	"io"
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

// readImage reads a file, a pipe, or stdin for "-", up to maxImageFile
// bytes, as every input file is read: a device node (a watchdog, a tty) is
// refused before it is opened.
func (a *app) readImage(name string) ([]byte, error) {
	return cli.ReadInput(a.App, "eeprom decode", name, maxImageFile, "not an EEPROM image")
}
