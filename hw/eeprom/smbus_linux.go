package eeprom

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// i2c-dev ioctls and SMBus transaction sizes (linux/i2c-dev.h, linux/i2c.h).
const (
	ioctlI2CSlave = 0x0703
	ioctlI2CFuncs = 0x0705
	ioctlI2CSMBus = 0x0720

	smbusRead  = 1
	smbusWrite = 0

	smbusSizeByte      = 1
	smbusSizeByteData  = 2
	smbusSizeI2CBlock  = 8
	smbusDataBlockSize = 34 // union i2c_smbus_data: block[I2C_SMBUS_BLOCK_MAX + 2]
)

// SMBusFile is SMBus over an open /dev/i2c-N.
type SMBusFile struct{ f *os.File }

// NewSMBusFile uses f, an open /dev/i2c-N; the caller closes f.
func NewSMBusFile(f *os.File) *SMBusFile { return &SMBusFile{f} }

// smbusIoctlData is struct i2c_smbus_ioctl_data; Go lays it out as C does
// on 32- and 64-bit targets (u8, u8, 2 bytes padding, u32, pointer).
type smbusIoctlData struct {
	readWrite uint8
	command   uint8
	_         [2]byte
	size      uint32
	data      *[smbusDataBlockSize]byte
}

func (s *SMBusFile) ioctl(req, arg uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, s.f.Fd(), req, arg); errno != 0 {
		return &os.SyscallError{Syscall: "ioctl", Err: errno}
	}
	return nil
}

// smbus runs one I2C_SMBUS transaction. data is heap-allocated by the
// callers (new), so the kernel writes to memory that cannot move.
func (s *SMBusFile) smbus(rw, cmd uint8, size uint32, data *[smbusDataBlockSize]byte) error {
	args := smbusIoctlData{readWrite: rw, command: cmd, size: size, data: data}
	err := s.ioctl(ioctlI2CSMBus, uintptr(unsafe.Pointer(&args)))
	runtime.KeepAlive(data)
	return err
}

// Funcs implements SMBus.
func (s *SMBusFile) Funcs() (uint32, error) {
	var funcs uintptr // unsigned long, the size of a pointer on Linux
	err := s.ioctl(ioctlI2CFuncs, uintptr(unsafe.Pointer(&funcs)))
	return uint32(funcs), err
}

// SetAddr implements SMBus.
func (s *SMBusFile) SetAddr(addr uint16) error { return s.ioctl(ioctlI2CSlave, uintptr(addr)) }

// ReadI2CBlock implements SMBus.
func (s *SMBusFile) ReadI2CBlock(cmd byte, p []byte) (int, error) {
	data := new([smbusDataBlockSize]byte)
	data[0] = byte(min(len(p), smbusBlockMax))
	if err := s.smbus(smbusRead, cmd, smbusSizeI2CBlock, data); err != nil {
		return 0, err
	}
	n := min(int(data[0]), len(p), smbusBlockMax)
	return copy(p, data[1:1+n]), nil
}

// WriteByte implements SMBus.
func (s *SMBusFile) WriteByte(b byte) error { return s.smbus(smbusWrite, b, smbusSizeByte, nil) }

// WriteByteData implements SMBus.
func (s *SMBusFile) WriteByteData(cmd, b byte) error {
	data := new([smbusDataBlockSize]byte)
	data[0] = b
	return s.smbus(smbusWrite, cmd, smbusSizeByteData, data)
}

// ReadByte implements SMBus.
func (s *SMBusFile) ReadByte() (byte, error) {
	data := new([smbusDataBlockSize]byte)
	if err := s.smbus(smbusRead, 0, smbusSizeByte, data); err != nil {
		return 0, err
	}
	return data[0], nil
}
