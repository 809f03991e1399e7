package machine

import (
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// maxFileValue bounds a file: source. Its value is one identity line; one
// page (4 KiB, the most a sysfs attribute holds on common kernels) is far
// above any serial number, and a larger file is not an identifier.
const maxFileValue = 4096

// readFileSource reads file:PATH: the trimmed contents of a regular file,
// which must be a usable value. FIFOs and devices are refused (they can
// block or never end), and so is a file over maxFileValue.
func (m *Machine) readFileSource(p string) (string, error) {
	b, err := rootfs.ReadFile(m.FS, rel(p), maxFileValue)
	if err != nil {
		return "", fileError("read", p, err)
	}
	v := strings.TrimSpace(string(b))
	if err := identity.CheckValue(v); err != nil {
		return "", fileError("file", p, err)
	}
	return v, nil
}
