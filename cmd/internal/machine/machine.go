// Package machine is the hardware of one machine as hwident sees it under a
// root directory: it reads identity sources, resolves a config to the
// identity to emit (with the @pin decision as data), and gives `hwident
// show` its candidates and `hwident inventory` its facts as typed values.
// The hw/ packages read the hardware; this package judges what they read
// with identity's checks. The caller picks the root ("/" or --root) and
// opens /dev nodes (Machine.OpenI2C, OpenModemPort); printing is the caller's too.
package machine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"syscall"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// Machine is the hardware as seen under a root directory: "/" on a device,
// a captured tree of a board in tests and demos. Every path, and every
// symbolic link met on the way, is resolved under the root (hw/rootfs).
type Machine struct {
	Root string
	FS   *rootfs.FS

	// OpenI2C opens /dev/i2c-N for a raw EEPROM read: it sets d.Bus
	// (and d.SMBus) or says why not in d.BusErr, and returns what closes
	// them (nil when nothing was opened). nil, as under --root, leaves the
	// chip's at24 file only.
	OpenI2C func(d *eeprom.Device) (close func())

	//lint:ignore U1000 empty and unused in the identity-only build
	modemPorts // DialModemManager, OpenModemPort: the modem's OpenI2C

	values   map[string]string // by source spec, see Read
	cards    []mmc.Card        // the MMC bus, once scanned (see mmcCards)
	cardsErr error
	scanned  bool

	cfg    *identity.Config // the config of Show
	cfgErr error
}

// At returns the machine under root.
func At(root string) *Machine {
	return &Machine{Root: root, FS: &rootfs.FS{Root: root}}
}

// CheckRoot says why a command cannot read the machine: a root that is
// not a directory is an error naming it, not an empty machine (no
// interface, no config).
func (m *Machine) CheckRoot() error {
	fi, err := os.Stat(m.Root)
	if err == nil && !fi.IsDir() {
		err = syscall.ENOTDIR
	}
	if err != nil {
		return fileError("root", m.Root, fmt.Errorf("%w: give --root or $HWIDENT_ROOT a directory", err))
	}
	return nil
}

// rel turns an absolute device path into its fs.FS name under the root.
func rel(abs string) string {
	p := path.Clean("/" + abs)[1:]
	if p == "" {
		return "."
	}
	return p
}

// exists reports whether a path exists under the machine root.
func (m *Machine) exists(name string) bool {
	_, err := fs.Stat(m.FS, name)
	return !errors.Is(err, fs.ErrNotExist)
}

// fileError puts the reason err gives for a file into a message that names
// the file once, by its device path: "what "/p": reason". The reason stays
// wrapped for errors.Is. rootfs returns a *fs.PathError itself: a type
// assertion, not errors.As (its reflection costs space: docs/size.md).
func fileError(what, p string, err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		err = pe.Err
	}
	return fmt.Errorf("%s %s: %w", what, quotePath(p), err)
}

// quotePath escapes a path for a message. Unlike identity.Quote it keeps a
// path of up to PATH_MAX (4096) bytes whole: the end of a path is what the
// user must find. A longer one cannot name a file and is cut.
func quotePath(p string) string {
	if len(p) > 4096 {
		return identity.Quote(p)
	}
	return strconv.Quote(p)
}
