//go:build !identityonly

package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/durable"
	"github.com/hwident/hwident/hw/eeprom"
)

func runEEPROMRead(c *cli.App, fs *cli.Flags) error {
	a := &app{c}
	bus := fs.Int("bus", -1, "I²C bus `N` (/dev/i2c-N)")
	addr := fs.String("addr", "", "7-bit device `address`, e.g. 0x50")
	offset := fs.String("offset", "0", "first byte `offset`")
	length := fs.String("len", "256", "number of `bytes` to read")
	addr16 := fs.Bool("addr16", false, "2-byte word addresses (24c32 and larger)")
	addr8 := fs.Bool("addr8", false, "1-byte word addresses (24c01-24c16; the default: two address bytes would write to such a part)")
	out := fs.String("out", "", "write the raw bytes to `FILE` (- for stdout) instead of a hex dump")
	root := fs.String("root", "", "read the at24 fallback under `DIR` (default $HWIDENT_ROOT or /); raw access needs /")
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return cli.Usagef("eeprom read takes no arguments, got %q", fs.Args())
	}
	a7, err := strconv.ParseUint(*addr, 0, 8)
	switch {
	case *bus < 0:
		return cli.Usagef("eeprom read: --bus is required")
	case err != nil || a7 < 0x03 || a7 > 0x77:
		return cli.Usagef("eeprom read: --addr %q: want a 7-bit address 0x03-0x77", *addr)
	case *addr16 && *addr8:
		return cli.Usagef("eeprom read: --addr16 and --addr8 exclude each other")
	}
	off, err1 := strconv.ParseUint(*offset, 0, 16)
	n, err2 := strconv.ParseUint(*length, 0, 17)
	if err1 != nil || err2 != nil || n == 0 || off+n > 64<<10 {
		return cli.Usagef("eeprom read: --offset %s --len %s: want 0 < len and offset+len <= 65536", *offset, *length)
	}
	m := a.machine(*root)
	d, closeDev := m.OpenEEPROM(*bus, uint16(a7), *addr16)
	defer closeDev()
	buf := make([]byte, n)
	got, err := d.ReadAt(buf, int64(off))
	if errors.Is(err, io.EOF) && got < len(buf) {
		err = &eeprom.ReadError{Bus: *bus, Addr: uint16(a7), Off: int(off) + got, Class: eeprom.ErrShortRead,
			Err: fmt.Errorf("got %d of %d bytes: the chip or its file ends there", got, len(buf))}
	}
	if err != nil {
		return fmt.Errorf("eeprom read: %w", err)
	}
	fmt.Fprintf(a.Stderr, "hwident: read %d bytes from i2c-%d address 0x%02x at 0x%x (mode %s)\n", n, *bus, a7, off, d.Mode())
	switch *out {
	case "":
		_, err = io.WriteString(a.Stdout, hexDump(buf, int(off)))
	case "-":
		_, err = a.Stdout.Write(buf)
	default:
		err = durable.Write(*out, buf, durable.Options{Perm: 0o644, Through: outputThrough})
	}
	return err
}

// hexDump formats b like hexdump -C, with offsets starting at base.
func hexDump(b []byte, base int) string {
	const digits = "0123456789abcdef"
	var out []byte
	for i := 0; i < len(b); i += 16 {
		line := b[i:min(i+16, len(b))]
		out = fmt.Appendf(out, "%08x ", base+i)
		for j := range 16 {
			if j == 8 {
				out = append(out, ' ')
			}
			if j < len(line) {
				out = append(out, ' ', digits[line[j]>>4], digits[line[j]&15])
			} else {
				out = append(out, "   "...)
			}
		}
		out = append(out, "  |"...)
		for _, c := range line {
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			out = append(out, c)
		}
		out = append(out, "|\n"...)
	}
	return string(out)
}
