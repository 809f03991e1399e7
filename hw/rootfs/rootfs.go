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
	"fmt"
	"io/fs"
	"os"
	"path"
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
var ErrDanglingLink = fmt.Errorf("symbolic link to a missing file (%w)", fs.ErrNotExist)

// Missing reports whether err says that a file does not exist at all: not
// there, and no dangling link on the way. Only then may a reader fall back
// to a default (Mender's scheme for a missing config, "nothing pinned").
func Missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) && !errors.Is(err, ErrDanglingLink)
}

// FS is the machine under a root directory. It implements fs.FS,
// fs.ReadFileFS and fs.ReadLinkFS (fs.Stat and fs.ReadDir work through
// Open).
type FS struct {
	Root string // the root directory; a host path is Root + "/" + name
}

// New returns the machine under root.
func New(root string) *FS { return &FS{Root: root} }

// Resolve returns the path on this host of name (a path below the root,
// fs.ValidPath), with every symbolic link resolved under the root. With
// followLast false a link in the last component is not followed (lstat).
func (f *FS) Resolve(name string, followLast bool) (string, error) {
	rel, err := f.resolve("resolve", name, followLast, false)
	if err != nil {
		return "", err
	}
	return f.Root + "/" + rel, nil
}

// ResolveCreate is Resolve for a file about to be written: name (slash
// separated, below the root; "." and ".." allowed) need not exist, nor the directories on the way that the name itself names (a
// writer creates them). A missing directory that a symbolic link points
// into is ErrDanglingLink: its file system may not be mounted yet, and a
// writer must not create directories where the link points.
func (f *FS) ResolveCreate(name string) (string, error) {
	rel, err := f.resolve("resolve", name, true, true)
	if err != nil {
		return "", err
	}
	return f.Root + "/" + rel, nil
}

func (f *FS) resolve(op, name string, followLast, create bool) (string, error) {
	// A name to create may hold "." and ".." (a command-line path): they
	// are resolved as the kernel does, ".." after a link from its target.
	if !create && !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	rest, cur := name, ""
	if name == "." {
		rest = ""
	}
	// The last tail bytes of rest are still the name asked for; what is in
	// front of them came from link targets, where a missing component
	// makes link a dangling link.
	tail, links := len(rest), 0
	var link, target string
	for rest != "" {
		fromLink := len(rest) > tail
		var c string
		c, rest, _ = strings.Cut(rest, "/")
		tail = min(tail, len(rest))
		switch c {
		case "", ".":
			continue
		case "..": // cur holds no links, so ".." is lexical; it stops at the root
			if cur = path.Dir(cur); cur == "." {
				cur = ""
			}
			continue
		}
		next := path.Join(cur, c)
		if rest == "" && !followLast {
			return next, nil
		}
		fi, err := os.Lstat(f.Root + "/" + next)
		if create && errors.Is(err, fs.ErrNotExist) && (rest == "" || !fromLink && len(rest) <= tail) {
			// Nothing exists from here on, and the rest is the name's own:
			// joined lexically, and ".." stops at the root.
			return path.Join("/"+next, rest)[1:], nil
		}
		if err != nil {
			if fromLink && errors.Is(err, fs.ErrNotExist) {
				err = fmt.Errorf("%w: /%s -> %s", ErrDanglingLink, link, target)
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
		if target, err = os.Readlink(f.Root + "/" + next); err != nil {
			return "", &fs.PathError{Op: op, Path: name, Err: underlying(err)}
		}
		link = next
		if strings.HasPrefix(target, "/") {
			cur = ""
		}
		if rest == "" {
			rest = target
		} else {
			rest = target + "/" + rest
		}
	}
	return cur, nil
}

// kernelResolves says whether the kernel may resolve name: on the real
// root it resolves every link as resolve does (no link leads out of "/"),
// in one system call instead of an lstat per component, which made up
// most of `hwident identity`'s system time. Only a success is taken from
// it: on any error resolve runs, and the error is said as always.
func (f *FS) kernelResolves(name string) bool {
	return f.Root == "/" && fs.ValidPath(name)
}

// underlying drops the host path an os error carries: errors name the
// path under the root. A type assertion, not errors.As: os returns a
// *fs.PathError itself, and errors.As's reflection costs space (docs/size.md).
func underlying(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Open opens name for reading. It never blocks: a FIFO is opened
// non-blocking, so that a reader can refuse it after a Stat instead of
// waiting forever for a writer.
func (f *FS) Open(name string) (fs.File, error) { return f.open(name, false) }

// open is Open and, with regular, OpenRegular's opening: the name is
// resolved once, and a file that is not regular is refused before it is
// opened (a stat error is left to the open, which says it as Open does).
// On the real root the kernel resolves the name first (kernelResolves);
// on any error the name is resolved component by component and opened
// again, so that errors read as always.
func (f *FS) open(name string, regular bool) (fs.File, error) {
	kernel := f.kernelResolves(name)
	for {
		h := name
		if kernel {
			h = "/" + name
		} else if f != Host {
			rel, err := f.resolve("open", name, true, false)
			if err != nil {
				return nil, err
			}
			h = f.Root + "/" + rel
		}
		if regular {
			if fi, err := os.Stat(h); err == nil && !fi.Mode().IsRegular() {
				return nil, notRegular(name, fi)
			}
		}
		file, err := os.OpenFile(h, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		switch {
		case err == nil:
			return file, nil
		case kernel:
			kernel = false
		case f == Host:
			return nil, err
		default:
			return nil, &fs.PathError{Op: "open", Path: name, Err: underlying(err)}
		}
	}
}

// Lstat returns the file info of name without following a final link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	h, err := f.final("lstat", name)
	if err != nil {
		return nil, err
	}
	return os.Lstat(h)
}

// ReadLink returns the target of the link name, as stored.
func (f *FS) ReadLink(name string) (string, error) {
	h, err := f.final("readlink", name)
	if err != nil {
		return "", err
	}
	return os.Readlink(h)
}

// final resolves every link of name but the last one, for Lstat and
// ReadLink. Their errors name the host path: os's *PathError.
func (f *FS) final(op, name string) (string, error) {
	rel, err := f.resolve(op, name, false, false)
	if err != nil {
		return "", err
	}
	return f.Root + "/" + rel, nil
}

// Host is this host's own file system, for a path given on its command
// line (--config FILE): Open takes host paths, absolute or relative to
// the working directory, and the kernel resolves them. Only Open (and so
// ReadFile and OpenRegular) may be used on it.
var Host = &FS{}
