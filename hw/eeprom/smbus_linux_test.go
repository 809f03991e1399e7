package eeprom

import (
	"testing"
	"unsafe"
)

// The ioctl argument must match struct i2c_smbus_ioctl_data on every
// target: u8 read_write, u8 command, u32 size at 4, pointer at 8.
func TestSMBusIoctlLayout(t *testing.T) {
	var d smbusIoctlData
	if off := unsafe.Offsetof(d.size); off != 4 {
		t.Errorf("size at offset %d, want 4", off)
	}
	if off := unsafe.Offsetof(d.data); off != 8 {
		t.Errorf("data at offset %d, want 8", off)
	}
	if got, want := unsafe.Sizeof(d), 8+unsafe.Sizeof(uintptr(0)); got != want {
		t.Errorf("size %d, want %d", got, want)
	}
}
