package eeprom

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"periph.io/x/conn/v3/i2c"
)

// Mode is how a Device's bytes were read.
type Mode string

const (
	ModeI2C        Mode = "i2c"         // combined write-offset/read I²C transfers
	ModeSMBusBlock Mode = "smbus-block" // SMBus I2C block reads (1-byte word addresses)
	ModeSMBusByte  Mode = "smbus-byte"  // pointer write, then SMBus byte reads
	ModeSysfs      Mode = "sysfs"       // the at24 driver's eeprom file
)

// Device reads one EEPROM. It tries plain I²C transfers on Bus; when the
// adapter cannot do them it uses SMBus; when the raw bus is unusable (a
// kernel driver owns the address, /dev/i2c-N is missing or not
// permitted) it reads the at24 driver's file under Root. The first mode
// that works is kept. Device implements io.ReaderAt.
type Device struct {
	Bus    i2c.Bus // plain I²C; nil when /dev/i2c-N could not be opened
	BusErr error   // why Bus is nil (see OpenError)
	SMBus  SMBus   // SMBus fallback over the same bus; may be nil
	Root   fs.FS   // machine root for the at24 fallback; may be nil
	BusNum int
	Addr   uint16 // 7-bit device address (the base address of a 24c04/08/16)
	Addr16 bool   // 2-byte word addresses: 24c32 and larger
	Chunk  int    // bytes per I²C transfer; 0 means 32

	mode      Mode
	smbusAddr uint16
	sysfs     io.ReaderAt
	closer    io.Closer
}

// Mode reports how the last successful read was done ("" before any).
func (d *Device) Mode() Mode { return d.mode }

// Size is the largest number of bytes the addressing mode reaches: 64 KiB
// with 2-byte word addresses, 2 KiB (eight 256-byte blocks on consecutive
// device addresses, as the 24c16) with 1-byte ones.
func (d *Device) Size() int {
	if d.Addr16 {
		return 64 << 10
	}
	return 2 << 10
}

// ReadAt reads len(p) bytes at off. Past the end of the addressable range,
// or of the sysfs file, it returns fewer bytes and io.EOF.
func (d *Device) ReadAt(p []byte, off int64) (int, error) {
	if d.mode == ModeSysfs {
		return d.readSysfs(p, off)
	}
	if off < 0 || off > int64(d.Size()) {
		return 0, &ReadError{Bus: d.BusNum, Addr: d.Addr, Off: int(off), Class: ErrRange, Err: fmt.Errorf("the chip's addressable range ends at 0x%x", d.Size())}
	}
	want := p
	if rest := d.Size() - int(off); len(p) > rest {
		want = p[:rest]
	}
	n, err := d.readBlocks(want, int(off))
	if errors.Is(err, io.EOF) {
		return n, err
	}
	if err != nil && !errors.Is(err, ErrNoDevice) && !errors.Is(err, ErrShortRead) && d.mode == "" && d.Root != nil {
		n, serr := d.readSysfs(p, off)
		if serr == nil || errors.Is(serr, io.EOF) {
			return n, serr
		}
		if !errors.Is(serr, fs.ErrNotExist) {
			return n, serr
		}
	}
	if err != nil {
		return 0, err
	}
	if len(want) < len(p) {
		return len(want), io.EOF
	}
	return len(p), nil
}

// readBlocks reads p at off. With 1-byte word addresses it goes block by
// block, and a block after the first that does not answer ends the chip
// (io.EOF): a 24c02 has one block, a 24c16 eight, and Load may ask past
// the end of a small chip.
func (d *Device) readBlocks(p []byte, off int) (int, error) {
	if d.Addr16 {
		return len(p), d.readRaw(p, off)
	}
	done := 0
	for done < len(p) {
		pos := off + done
		n := min(len(p)-done, 256-pos&0xff)
		err := d.readRaw(p[done:done+n], pos)
		if err != nil && pos >= 256 && pos&0xff == 0 && (done > 0 || d.mode != "") && errors.Is(err, ErrNoDevice) {
			return done, io.EOF
		}
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

// readRaw reads through the mode found so far, or finds one: I²C first,
// SMBus when the adapter lacks plain I²C.
func (d *Device) readRaw(p []byte, off int) error {
	switch d.mode {
	case ModeI2C:
		return d.readI2C(p, off)
	case ModeSMBusBlock, ModeSMBusByte:
		return d.readSMBus(d.mode, p, off)
	}
	var err error
	if d.Bus == nil {
		err = d.BusErr
		if err == nil {
			err = &ReadError{Bus: d.BusNum, Addr: d.Addr, Class: ErrNoBus, Err: errors.New("no bus given")}
		}
	} else if err = d.readI2C(p, off); err == nil {
		d.mode = ModeI2C
		return nil
	}
	if !errors.Is(err, ErrNotSupported) || d.SMBus == nil {
		return err
	}
	mode, err := d.smbusMode()
	if err != nil {
		return err
	}
	if err := d.readSMBus(mode, p, off); err != nil {
		return err
	}
	d.mode = mode
	return nil
}

// span returns the device address for offset pos and how many of want
// bytes can be read there in one go: with 1-byte word addresses each 256-
// byte block is its own device address (24c04/08/16), so reads stop at
// block ends.
func (d *Device) span(pos, want int) (uint16, int) {
	if d.Addr16 {
		return d.Addr, want
	}
	return d.Addr + uint16(pos>>8), min(want, 256-pos&0xff)
}

func (d *Device) readI2C(p []byte, off int) error {
	chunk := d.Chunk
	if chunk <= 0 {
		chunk = 32
	}
	for done := 0; done < len(p); {
		pos := off + done
		addr, n := d.span(pos, min(chunk, len(p)-done))
		w := []byte{byte(pos)}
		if d.Addr16 {
			w = []byte{byte(pos >> 8), byte(pos)}
		}
		if err := d.Bus.Tx(addr, w, p[done:done+n]); err != nil {
			return d.readErrAt(addr, pos, err)
		}
		done += n
	}
	return nil
}

// readSysfs reads the at24 driver's file of this device under Root.
func (d *Device) readSysfs(p []byte, off int64) (int, error) {
	if d.sysfs == nil {
		name := SysfsEEPROMPath(d.BusNum, d.Addr)
		f, err := OpenFile(d.Root, name)
		if err != nil {
			return 0, fmt.Errorf("at24 fallback: %w", err)
		}
		d.sysfs, d.closer, d.mode = f, f, ModeSysfs
	}
	n, err := d.sysfs.ReadAt(p, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, &ReadError{Bus: d.BusNum, Addr: d.Addr, Off: int(off), Class: classify(err), Err: err}
	}
	return n, err
}

// Close releases the sysfs file, if one was opened. It does not close Bus
// or SMBus, which the caller opened.
func (d *Device) Close() error {
	if d.closer == nil {
		return nil
	}
	return d.closer.Close()
}

// SysfsEEPROMPath is the at24 driver's file of an I²C device, relative to
// the machine root.
func SysfsEEPROMPath(bus int, addr uint16) string {
	return fmt.Sprintf("sys/bus/i2c/devices/%d-%04x/eeprom", bus, addr)
}

func (d *Device) readErr(pos int, err error) error { return d.readErrAt(d.Addr, pos, err) }

func (d *Device) readErrAt(addr uint16, pos int, err error) error {
	if _, ok := asError[*ReadError](err); ok {
		return err
	}
	return &ReadError{Bus: d.BusNum, Addr: addr, Off: pos, Class: classify(err), Err: err}
}
