package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// machine is the hardware as seen under a root directory: "/" on a device,
// a captured tree of a board in tests and demos.
type machine struct {
	root string
	fsys fs.FS

	showConfig string // --config of `hwident show`
}

// machine returns the machine under root, or under $HWIDENT_ROOT, or "/".
func (a *app) machine(root string) *machine {
	if root == "" {
		root = a.getenv("HWIDENT_ROOT")
	}
	if root == "" {
		root = "/"
	}
	return &machine{root: root, fsys: os.DirFS(root)}
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
