package durable

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// maxSymlinks is how many symlinks Resolve follows in one path, as Linux
// (MAXSYMLINKS): more is a loop.
const maxSymlinks = 40

// ErrDanglingDir is wrapped when a symlink points into a directory that
// does not exist (a file system not mounted yet, say): Write would have to
// create directories where the link points, which is not its to decide.
var ErrDanglingDir = errors.New("the symlink points into a directory that does not exist")

// Resolve returns the host path of the final target of name, following
// every symlink in it as the kernel would if root were "/" (absolute link
// targets and ".." stay inside root). The target itself need not exist; a
// missing directory on the way is fine (Write creates it) unless a symlink
// points there (ErrDanglingDir). root "" means "/"; with "/" a relative
// name is relative to the working directory.
func Resolve(root, name string) (string, error) {
	if root == "" {
		root = "/"
	}
	pending := splitPath(filepath.ToSlash(name))
	fromLink := 0 // how many of the leading pending components a symlink supplied
	resolved := "/"
	if root == "/" && !strings.HasPrefix(name, "/") {
		resolved = "." // relative to the working directory, as open(2) is
	}
	links := 0
	for len(pending) > 0 {
		c := pending[0]
		pending = pending[1:]
		linked := fromLink > 0
		if linked {
			fromLink--
		}
		if c == ".." {
			if resolved == "." || strings.HasSuffix(resolved, "..") {
				resolved = path.Join(resolved, "..") // above the working directory
			} else {
				resolved = path.Dir(resolved)
			}
			continue
		}
		next := path.Join(resolved, c)
		host := hostPath(root, next)
		fi, err := os.Lstat(host)
		if errors.Is(err, fs.ErrNotExist) {
			// Nothing exists from here on: what is left is created by Write.
			if (linked || fromLink > 0) && len(pending) > 0 {
				return "", fmt.Errorf("write %s: %s does not exist: %w (is its file system mounted?)", name, host, ErrDanglingDir)
			}
			rest := path.Join(append([]string{next}, pending...)...)
			return hostPath(root, rest), nil
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", name, err)
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			if links++; links > maxSymlinks {
				return "", fmt.Errorf("write %s: more than %d symlinks (a loop?): %w", name, maxSymlinks, syscall.ELOOP)
			}
			target, err := os.Readlink(host)
			if err != nil {
				return "", fmt.Errorf("write %s: %w", name, err)
			}
			if strings.HasPrefix(target, "/") {
				resolved = "/"
			}
			t := splitPath(target)
			pending = append(t, pending...)
			fromLink += len(t)
		case len(pending) > 0 && !fi.IsDir():
			return "", fmt.Errorf("write %s: %s is not a directory: %w", name, host, syscall.ENOTDIR)
		default:
			resolved = next
		}
	}
	return hostPath(root, resolved), nil
}

// hostPath is the host path of p, a resolved slash path under root (or,
// with root "/", relative to the working directory).
func hostPath(root, p string) string {
	if root == "/" && !strings.HasPrefix(p, "/") {
		return filepath.FromSlash(p)
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

// splitPath splits a slash path into its components, dropping empty and
// "." ones.
func splitPath(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}
