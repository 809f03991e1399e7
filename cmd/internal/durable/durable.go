// Package durable writes files so that a crash or power cut leaves either
// the old or the new contents, never a mix, and so that a write never
// clobbers what it did not create: a symlink is followed (its target is
// replaced, the link stays), and a device node, FIFO or socket is never
// renamed over.
package durable

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ThroughDevices returns the Options.Through of outputs: it writes a
// character device or FIFO, bounded by timeout (0: DeviceTimeout).
func ThroughDevices(timeout time.Duration) func(target string, data []byte) error {
	if timeout <= 0 {
		timeout = DeviceTimeout
	}
	return func(target string, data []byte) error { return writeThrough(target, data, timeout) }
}

// DeviceTimeout bounds opening and writing a character device or FIFO
// (ThroughDevices): a printer that is off or a FIFO that nobody
// reads makes the write fail after this long instead of hanging.
const DeviceTimeout = 20 * time.Second

// ErrNotRegular is wrapped when the target exists and is not a regular file
// (after following symlinks) and the write may not go through it.
var ErrNotRegular = errors.New("not a regular file")

// Options say how Write treats the target.
type Options struct {
	Perm os.FileMode // of a new or replaced regular file

	// Root, when not "" or "/", is the directory symlinks resolve in, as
	// if it were "/": a link to /data/x under --root R means R/data/x.
	// name is then a path under Root.
	Root string

	// Through, when set, writes into a character device or FIFO found at
	// the target (an output such as --out /dev/usb/lp0 or a pipe): use
	// ThroughDevices. When nil such a target is refused: state files are
	// regular files. A func rather than a flag so that builds that write
	// only state files (identity-only) do not link the deadline code.
	Through func(target string, data []byte) error

	// NoSync skips the fsyncs, for outputs that are cheap to make again
	// and written in bulk (one PNG per label). The replace stays atomic.
	NoSync bool
}

// WriteFile replaces the state file name with data (see Write): a
// symlink is followed, a target that is not a regular file is refused.
func WriteFile(name string, data []byte, perm os.FileMode) error {
	return Write(name, data, Options{Perm: perm})
}

// Write replaces the file at name with data so that a crash leaves either
// the old or the new contents: it writes a temporary file next to the
// final target of name (symlinks followed, see Resolve), fsyncs it,
// renames it over the target and fsyncs the directory. A character device
// or FIFO at the target is written into with o.Through and refused
// otherwise; directories, block devices and sockets are always refused.
func Write(name string, data []byte, o Options) error {
	target, fi, err := lookup(o.Root, name)
	if err != nil {
		return err
	}
	switch {
	case fi == nil || fi.Mode().IsRegular():
		return replace(target, data, o)
	case o.Through != nil && fi.Mode()&(os.ModeCharDevice|os.ModeNamedPipe) != 0:
		return o.Through(target, data)
	}
	return fmt.Errorf("write %s: %s is %s: %w; hwident replaces regular files only%s",
		name, target, describeMode(fi.Mode()), ErrNotRegular, throughHint(fi.Mode(), o.Through != nil))
}

// lookup returns the path to write and what is there now (nil: nothing).
// On the host the kernel's view of a non-regular target comes first:
// /dev/stdout leads through /proc/self/fd to "pipe:[…]", which is no
// path, so such a target is written through name itself.
func lookup(root, name string) (string, os.FileInfo, error) {
	if root == "" || root == "/" {
		if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
			return name, fi, nil
		}
	}
	target, err := Resolve(root, name)
	if err != nil {
		return "", nil, err
	}
	fi, err := os.Lstat(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return target, nil, nil
	case err != nil:
		return "", nil, fmt.Errorf("write %s: %w", name, err)
	}
	return target, fi, nil
}

// replace writes data to a temporary file in target's directory and renames
// it over target.
func replace(target string, data []byte, o Options) error {
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := f.Chmod(o.Perm); err != nil {
		f.Close()
		return fmt.Errorf("chmod %s: %w", tmp, err)
	}
	if !o.NoSync {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("sync %s: %w", tmp, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	if o.NoSync {
		return nil
	}
	return SyncDir(dir)
}

func describeMode(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a block device"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// throughHint tells a user who gave a device as a state file what to do.
func throughHint(m os.FileMode, through bool) string {
	if !through && m&(os.ModeCharDevice|os.ModeNamedPipe) != 0 {
		return ": give the path of a regular file"
	}
	return ""
}

// SyncDir fsyncs a directory, making a rename or a new file in it durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
