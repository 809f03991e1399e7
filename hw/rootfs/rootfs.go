// Package rootfs reads the files of a machine seen under a root directory
// ("/" on a device, a captured tree of a board in tests), and reads them
// the way untrusted files are read: bounded, type-checked, with a missing
// file told apart from one that exists but cannot be read.
//
// Every symbolic link is resolved under the root, an absolute target too:
// under --root DIR a link /etc/hwident.conf -> /data/hwident.conf names
// DIR/data/hwident.conf, never the host's /data. With root "/" this is
// exactly how the kernel resolves paths.
package rootfs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// maxLinks is how many symbolic links one path may go through: the
// kernel's MAXSYMLINKS, after which open(2) fails with ELOOP.
const maxLinks = 40

// ErrDanglingLink is wrapped when a symbolic link on the way to a file
// points to something that does not exist. Such errors also match
// fs.ErrNotExist, so that listings of sysfs (whose trees hold links into
// parts that were never captured) skip them as before; readers for whom a
// dangling link is not "nothing there" test Missing instead.
var ErrDanglingLink = errors.New("symbolic link to a missing file")

// danglingError is a dangling link on the way to Path.
type danglingError struct {
	Link   string // the link, under the root
	Target string // what it points to
}

func (e *danglingError) Error() string {
	return ErrDanglingLink.Error() + ": /" + e.Link + " -> " + e.Target
}

func (e *danglingError) Is(target error) bool {
	return target == ErrDanglingLink || target == fs.ErrNotExist
}

// Missing reports whether err says that a file does not exist at all: not
// there, and no dangling link on the way. Only then may a reader fall back
// to a default (Mender's scheme for a missing config, "nothing pinned").
func Missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) && !errors.Is(err, ErrDanglingLink)
}

// FS is the machine under a root directory. It implements fs.FS,
// fs.StatFS, fs.ReadDirFS and fs.ReadLinkFS.
type FS struct {
	root string
}

// New returns the machine under root.
func New(root string) *FS { return &FS{root: root} }

func (f *FS) host(rel string) string {
	return filepath.Join(f.root, filepath.FromSlash(rel))
}

// step is one path component still to resolve; link is the symbolic link
// whose target it came from ("" for the name asked for).
type step struct{ name, link, target string }

// Resolve returns the path on this host of name (a path below the root,
// fs.ValidPath), with every symbolic link resolved under the root. With
// followLast false a link in the last component is not followed (lstat).
func (f *FS) Resolve(name string, followLast bool) (string, error) {
	rel, err := f.resolve("resolve", name, followLast)
	if err != nil {
		return "", err
	}
	return f.host(rel), nil
}

func (f *FS) resolve(op, name string, followLast bool) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	var todo []step
	if name != "." {
		for _, p := range strings.Split(name, "/") {
			todo = append(todo, step{name: p})
		}
	}
	cur, links := "", 0
	for len(todo) > 0 {
		s := todo[0]
		todo = todo[1:]
		switch s.name {
		case "", ".":
			continue
		case "..": // cur holds no links, so ".." is lexical; it stops at the root
			if cur != "" {
				cur = path.Dir(cur)
				if cur == "." {
					cur = ""
				}
			}
			continue
		}
		next := path.Join(cur, s.name)
		if len(todo) == 0 && !followLast {
			return next, nil
		}
		fi, err := os.Lstat(f.host(next))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && s.link != "" {
				return "", &fs.PathError{Op: op, Path: name, Err: &danglingError{Link: s.link, Target: s.target}}
			}
			return "", &fs.PathError{Op: op, Path: name, Err: underlying(err)}
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		if links++; links > maxLinks {
			return "", &fs.PathError{Op: op, Path: name, Err: syscall.ELOOP}
		}
		target, err := os.Readlink(f.host(next))
		if err != nil {
			return "", &fs.PathError{Op: op, Path: name, Err: underlying(err)}
		}
		if strings.HasPrefix(target, "/") {
			cur = ""
		}
		var expanded []step
		for _, p := range strings.Split(target, "/") {
			expanded = append(expanded, step{name: p, link: next, target: target})
		}
		todo = append(expanded, todo...)
	}
	return cur, nil
}

// underlying drops the host path an os error carries: errors name the
// path under the root.
func underlying(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens name for reading. It never blocks: a FIFO is opened
// non-blocking, so that a reader can refuse it after a Stat instead of
// waiting forever for a writer.
func (f *FS) Open(name string) (fs.File, error) {
	rel, err := f.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	file, err := os.OpenFile(f.host(rel), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: underlying(err)}
	}
	return file, nil
}

// Stat returns the file info of name, following links.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	rel, err := f.resolve("stat", name, true)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(f.host(rel))
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: underlying(err)}
	}
	return fi, nil
}

// Lstat returns the file info of name without following a final link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	rel, err := f.resolve("lstat", name, false)
	if err != nil {
		return nil, err
	}
	fi, err := os.Lstat(f.host(rel))
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: underlying(err)}
	}
	return fi, nil
}

// ReadLink returns the target of the link name, as stored.
func (f *FS) ReadLink(name string) (string, error) {
	rel, err := f.resolve("readlink", name, false)
	if err != nil {
		return "", err
	}
	t, err := os.Readlink(f.host(rel))
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: underlying(err)}
	}
	return t, nil
}

// ReadDir lists the directory name, sorted by file name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	rel, err := f.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(f.host(rel))
	if err != nil {
		return ents, &fs.PathError{Op: "open", Path: name, Err: underlying(err)}
	}
	return ents, nil
}
