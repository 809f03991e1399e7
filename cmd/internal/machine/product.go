//go:build !identityonly

package machine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// maxProductSerialFile bounds the file, so that a serial longer than
// identity.MaxProductSerial is still read far enough to say it is too long.
const maxProductSerialFile = 4096

// ErrNoProductSerial means the device has not been given its product serial.
var ErrNoProductSerial = errors.New("no product serial stored: bind the device at the station, then run hwident product set SERIAL")

// ProductSerial reads the serial stored in file (a device path, the
// config's @product-serial); ErrNoProductSerial when there is none.
func (m *Machine) ProductSerial(file string) (string, error) {
	b, err := rootfs.ReadFile(m.FS, rel(file), maxProductSerialFile)
	if rootfs.Missing(err) {
		return "", fmt.Errorf("%s: %w", quotePath(file), ErrNoProductSerial)
	}
	if err != nil { // a dangling link is not "no serial": /data may not be mounted
		return "", fileError("read product serial", file, err)
	}
	serial := strings.TrimSpace(string(b))
	if err := identity.CheckProductSerial(serial); err != nil {
		return "", fmt.Errorf("product serial in %s: %w: run hwident product set SERIAL again", quotePath(file), err)
	}
	return serial, nil
}
