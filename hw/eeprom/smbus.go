package eeprom

import "fmt"

// SMBus is the part of the Linux i2c-dev SMBus interface the fallback
// uses; SMBusFile implements it over /dev/i2c-N, tests use a fake.
type SMBus interface {
	// Funcs returns the adapter's I2C_FUNCS bits.
	Funcs() (uint32, error)
	// SetAddr selects the device (I2C_SLAVE); it fails with EBUSY when a
	// kernel driver owns the address.
	SetAddr(addr uint16) error
	// ReadI2CBlock reads up to 32 bytes from register cmd (I2C block read:
	// a 1-byte word address then a repeated-start read).
	ReadI2CBlock(cmd byte, p []byte) (int, error)
	// WriteByte sends one byte (SMBus send byte): sets a 1-byte pointer.
	WriteByte(b byte) error
	// WriteByteData writes cmd then b: sets a 2-byte pointer.
	WriteByteData(cmd, b byte) error
	// ReadByte receives one byte at the pointer, which then advances.
	ReadByte() (byte, error)
}

// I2C_FUNCS bits (linux/i2c.h).
const (
	FuncI2C           = 0x00000001
	FuncReadByte      = 0x00020000
	FuncWriteByte     = 0x00040000
	FuncWriteByteData = 0x00100000
	FuncReadI2CBlock  = 0x04000000
	smbusBlockMax     = 32
)

// smbusMode picks the SMBus way to read this chip from the adapter's
// functionality: I2C block reads for 1-byte word addresses, else byte
// reads after setting the pointer.
func (d *Device) smbusMode() (Mode, error) {
	funcs, err := d.SMBus.Funcs()
	if err != nil {
		return "", d.readErr(0, err)
	}
	switch {
	case !d.Addr16 && funcs&FuncReadI2CBlock != 0:
		return ModeSMBusBlock, nil
	case funcs&FuncReadByte != 0 && (d.Addr16 && funcs&FuncWriteByteData != 0 || !d.Addr16 && funcs&FuncWriteByte != 0):
		return ModeSMBusByte, nil
	}
	return "", &ReadError{Bus: d.BusNum, Addr: d.Addr, Class: ErrNotSupported,
		Err: fmt.Errorf("I2C_FUNCS 0x%08x has no I2C block read and no byte read with pointer write", funcs)}
}

func (d *Device) readSMBus(mode Mode, p []byte, off int) error {
	pointerSet := false
	for done := 0; done < len(p); {
		pos := off + done
		addr, n := d.span(pos, len(p)-done)
		if addr != d.smbusAddr {
			if err := d.SMBus.SetAddr(addr); err != nil {
				return d.readErrAt(addr, pos, err)
			}
			d.smbusAddr, pointerSet = addr, false
		}
		if mode == ModeSMBusBlock {
			n = min(n, smbusBlockMax)
			got, err := d.SMBus.ReadI2CBlock(byte(pos), p[done:done+n])
			if err != nil {
				return d.readErrAt(addr, pos, err)
			}
			if got != n {
				return &ReadError{Bus: d.BusNum, Addr: addr, Off: pos, Class: ErrShortRead, Err: fmt.Errorf("I2C block read returned %d of %d bytes", got, n)}
			}
			done += n
			continue
		}
		if !pointerSet {
			var err error
			if d.Addr16 {
				err = d.SMBus.WriteByteData(byte(pos>>8), byte(pos))
			} else {
				err = d.SMBus.WriteByte(byte(pos))
			}
			if err != nil {
				return d.readErrAt(addr, pos, err)
			}
			pointerSet = true
		}
		for i := range n {
			b, err := d.SMBus.ReadByte()
			if err != nil {
				return d.readErrAt(addr, pos+i, err)
			}
			p[done+i] = b
		}
		done += n
	}
	return nil
}
