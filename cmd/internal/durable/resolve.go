package durable

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
)

// ErrDanglingDir is wrapped when a symlink points into a directory that
// does not exist (a file system not mounted yet, say): Write would have to
// create directories where the link points, which is not its to decide.
var ErrDanglingDir = errors.New("the symlink points into a directory that does not exist")

// Resolve returns the host path of the final target of name, following
// every symlink in it as the kernel would if root were "/" (absolute link
// targets and ".." stay inside root), with the rules of hw/rootfs that the
// readers use. The target itself need not exist; a missing directory on
// the way is fine (Write creates it) unless a symlink points there
// (ErrDanglingDir). root "" means "/"; with "/" a relative name is
// relative to the working directory.
func Resolve(root, name string) (string, error) {
	if root == "" {
		root = "/"
	}
	rel := filepath.ToSlash(name)
	if root == "/" && !filepath.IsAbs(name) {
		// Relative to the working directory, as open(2) is; not cleaned,
		// so ".." after a symlink is resolved from the link's target.
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("write %s: %w", name, err)
		}
		rel = filepath.ToSlash(wd) + "/" + rel
	}
	rel = strings.TrimLeft(rel, "/")
	host, err := rootfs.New(strings.TrimSuffix(root, "/")).ResolveCreate(rel)
	if errors.Is(err, rootfs.ErrDanglingLink) {
		return "", fmt.Errorf("write %s: %w (is its file system mounted?): %w", name, ErrDanglingDir, err)
	}
	if err != nil {
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	return filepath.Clean(host), nil
}
