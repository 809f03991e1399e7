package main

import (
	"fmt"
	"os"
	"unsafe"

	"github.com/hwident/hwident/scripts/vmtest/plan"
	"golang.org/x/sys/unix"
)

// From linux/i2c-dev.h and linux/i2c.h.
const (
	ioctlI2CSlave       = 0x0703
	ioctlI2CSMBus       = 0x0720
	smbusReadWriteWrite = 0
	smbusSizeByteData   = 2
)

// smbusIoctlData is struct i2c_smbus_ioctl_data; Go lays it out like C on
// both 32- and 64-bit targets.
type smbusIoctlData struct {
	readWrite uint8
	command   uint8
	size      uint32
	data      unsafe.Pointer
}

// smbusWrite programs data from offset 0 with byte-data writes, the only
// write QEMU's PIIX4 smbus-eeprom and every SMBus adapter support.
func smbusWrite(t plan.SMBusTarget, data []byte) error {
	if len(data) > 256 {
		return fmt.Errorf("%d bytes do not fit a 1-byte-address chip", len(data))
	}
	f, err := os.OpenFile(fmt.Sprintf("/dev/i2c-%d", t.Bus), os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.IoctlSetInt(int(f.Fd()), ioctlI2CSlave, t.Addr); err != nil {
		return fmt.Errorf("select address %#x: %w", t.Addr, err)
	}
	var value [34]byte // union i2c_smbus_data
	for off, b := range data {
		value[0] = b
		req := smbusIoctlData{readWrite: smbusReadWriteWrite, command: uint8(off), size: smbusSizeByteData, data: unsafe.Pointer(&value)}
		if _, _, errno := unix.Syscall(unix.SYS_IOCTL, f.Fd(), ioctlI2CSMBus, uintptr(unsafe.Pointer(&req))); errno != 0 {
			return fmt.Errorf("write offset %#x: %w", off, errno)
		}
	}
	return nil
}
