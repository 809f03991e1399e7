package netif

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// menderMaxIfindex is the script's starting minimum: an interface is picked
// only if its ifindex is strictly below it.
const menderMaxIfindex = 65535

// Mender picks the interface that Mender's support/mender-device-identity
// script picks (the same script in the Go 3.x and C++ 4.x+ clients) and
// returns its name and address exactly as the script would print them. It
// reads only the files the script reads, in the same order, so a file the
// script never looks at cannot make it differ:
//
//   - entries of /sys/class/net/* in byte order, names starting with '.' left
//     out (the shell glob);
//   - an entry without a regular file "type" is skipped;
//   - "type" is read (unreadable: the script stops, set -e); it is skipped if
//     it holds one integer other than 1. Contents that are not one integer
//     make test(1) fail, which `if` takes as false: such an entry is NOT
//     skipped;
//   - names starting with "dummy" are skipped;
//   - "ifindex" is read (unreadable: the script stops); the entry is picked
//     if it holds one integer strictly below the lowest so far (starting at
//     65535), so on a tie the first name wins;
//   - "address" is the value with all trailing newlines removed, as $(cat)
//     does; if it cannot be read the script still prints "mac=", so the
//     address is "" and no error.
//
// No value is checked: compatibility with deployed identities wins over
// filtering. The one difference is how hwident prints the value: Mender
// encoding percent-encodes control bytes, which the kernel never writes to
// the address of a type 1 interface.
func Mender(fsys fs.FS) (name, address string, err error) {
	entries, err := fs.ReadDir(fsys, classDir)
	if err != nil {
		// An unreadable directory is an unmatched glob to the shell.
		return "", "", fmt.Errorf("%w: Mender's rule (type 1, not dummy*, lowest ifindex below 65535): %w", ErrNoneSuitable, err)
	}
	min := int64(menderMaxIfindex)
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") {
			continue
		}
		dir := classDir + "/" + n
		if st, err := fs.Stat(fsys, dir+"/type"); err != nil || !st.Mode().IsRegular() {
			continue
		}
		t, err := fs.ReadFile(fsys, dir+"/type")
		if err != nil {
			return "", "", &AttrError{Iface: n, Attr: "type", Err: err}
		}
		if v, ok := shellInt(string(t)); ok && v != ARPHRDEther {
			continue
		}
		if strings.HasPrefix(n, "dummy") {
			continue
		}
		idx, err := fs.ReadFile(fsys, dir+"/ifindex")
		if err != nil {
			return "", "", &AttrError{Iface: n, Attr: "ifindex", Err: err}
		}
		if v, ok := shellInt(string(idx)); ok && v < min {
			min, name = v, n
		}
	}
	if name == "" {
		return "", "", fmt.Errorf("%w: Mender's rule wants an entry of /%s with type 1, not named dummy*, ifindex below 65535; configure other sources in /etc/hwident.conf (hwident show lists the candidates)", ErrNoneSuitable, classDir)
	}
	b, err := fs.ReadFile(fsys, classDir+"/"+name+"/address")
	if err != nil {
		return name, "", nil
	}
	return name, strings.TrimRight(string(b), "\n"), nil
}

// shellInt is the integer test(1) sees in the script's `[ $x -lt $min ]`:
// $(cat) removed the trailing newlines and the unquoted $x was split at
// spaces, tabs and newlines. test needs exactly one word: an optional sign
// and decimal digits in int64 range, which dash and busybox (the /bin/sh of
// Debian and Yocto) also accept with \v, \f or \r around it (bash does not;
// the kernel never writes these). ok is false when test would fail with a
// usage error instead.
func shellInt(s string) (v int64, ok bool) {
	word := strings.Trim(s, " \t\n") // one word: nothing to split inside
	if word == "" || strings.ContainsAny(word, " \t\n") {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.Trim(word, "\v\f\r"), 10, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}
