package rootfs

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// A device where a regular file is expected is refused without being
// opened: opening one can act (a watchdog starts counting down, a modem's
// tty hangs up). A node of a major number no driver has (240, local use)
// shows it: opening it fails with ENXIO, refusing it first says what it is.
func TestOpenRegularDoesNotOpenDevices(t *testing.T) {
	dir := t.TempDir()
	node := filepath.Join(dir, "watchdog")
	if err := syscall.Mknod(node, syscall.S_IFCHR|0o600, 240<<8); err != nil {
		t.Skipf("mknod needs root: %v", err)
	}
	for _, fsys := range []*FS{New(dir), Host} {
		name := "watchdog"
		if fsys == Host {
			name = node
		}
		_, err := OpenRegular(fsys, name)
		if !errors.Is(err, ErrNotRegular) || errors.Is(err, syscall.ENXIO) {
			t.Errorf("root %q: %v, want a character device, %v, found before opening it", fsys.Root, err, ErrNotRegular)
		}
	}
}
