package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/hw/rootfs"
	"github.com/hwident/hwident/identity"
)

// machine is the hardware as seen under a root directory: "/" on a device,
// a captured tree of a board in tests and demos. Every path, and every
// symbolic link met on the way, is resolved under the root (hw/rootfs).
type machine struct {
	root string
	fsys *rootfs.FS

	values   map[string]string // by source spec, see read
	cards    []mmc.Card        // the MMC bus, once scanned (see mmcCards)
	cardsErr error
	scanned  bool

	showConfig string // --config of `hwident show`
}

// machine returns the machine under root, or under $HWIDENT_ROOT, or "/".
func (a *app) machine(root string) *machine {
	if root == "" {
		root = a.Getenv("HWIDENT_ROOT")
	}
	if root == "" {
		root = "/"
	}
	return &machine{root: root, fsys: &rootfs.FS{Root: root}}
}

// openMachine is machine for a command: a root that is not a directory is
// an error naming it, not an empty machine (no interface, no config).
func (a *app) openMachine(root string) (*machine, error) {
	m := a.machine(root)
	fi, err := os.Stat(m.root)
	if err == nil && !fi.IsDir() {
		err = syscall.ENOTDIR
	}
	if err != nil {
		return nil, fileError("root", m.root, fmt.Errorf("%w: give --root or $HWIDENT_ROOT a directory", err))
	}
	return m, nil
}

// rel turns an absolute device path into its fs.FS name under the root.
func rel(abs string) string {
	p := path.Clean("/" + abs)[1:]
	if p == "" {
		return "."
	}
	return p
}

// hostPath is the path on this host of an absolute device path, for the
// few places that need a real file (writing, ioctls).
func (m *machine) hostPath(abs string) string {
	return filepath.Join(m.root, filepath.FromSlash(rel(abs)))
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
