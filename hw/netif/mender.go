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

// menderDummy is the text the script greps for in `echo "$dev"`.
const menderDummy = "/sys/class/net/dummy"

// Mender picks the interface that Mender's support/mender-device-identity
// script picks (the same script in the Go 3.x and C++ 4.x+ clients) and
// returns its name and address exactly as the script would print them, as
// dash runs it (Debian's and most Yocto images' /bin/sh). It reads only the
// files the script reads, in the same order, so a file the script never
// looks at cannot make it differ:
//
//   - entries of /sys/class/net/* in byte order, names starting with '.' left
//     out (the shell glob);
//   - an entry without a regular file "$dev/type" (quoted) is skipped;
//   - iftype=$(cat $dev/type): $dev is unquoted, so a name is split at
//     spaces, tabs and newlines and each part is a glob (scriptWords); a
//     part cat cannot read stops the script (set -e);
//   - [ $iftype -ne 1 ] (scriptTest): the entry is skipped only if that
//     test succeeds; contents that are not one integer make test fail;
//   - echo "$dev" | grep -q /sys/class/net/dummy: dash's echo expands
//     backslash escapes (dashEcho), then any line containing the text skips
//     the entry;
//   - idx=$(cat $dev/ifindex), [ $idx -lt $min ] as above, starting at 65535;
//     on a tie the first name wins;
//   - echo "mac=$(cat $ifdev/address)": what cat can read, NUL bytes and
//     trailing newlines removed, through dash's echo; an unreadable address
//     does not stop the script.
//
// No value is checked: compatibility with deployed identities wins over
// filtering. hwident prints the value with Mender encoding, which
// percent-encodes control bytes the script would print raw.
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
		dev := "/" + classDir + "/" + n
		if st, err := fs.Stat(fsys, classDir+"/"+n+"/type"); err != nil || !st.Mode().IsRegular() {
			continue
		}
		t, err := catSubst(fsys, dev+"/type")
		if err != nil {
			return "", "", &AttrError{Iface: n, Attr: "type", Err: err}
		}
		if ne, ok := scriptTest(fsys, t, func(v int64) bool { return v != ARPHRDEther }); ok && ne {
			continue
		}
		if echoed, _ := dashEcho(dev); strings.Contains(echoed, menderDummy) {
			continue // grep matches any line: only the text matters
		}
		idx, err := catSubst(fsys, dev+"/ifindex")
		if err != nil {
			return "", "", &AttrError{Iface: n, Attr: "ifindex", Err: err}
		}
		var v int64
		if lt, ok := scriptTest(fsys, idx, func(i int64) bool { v = i; return i < min }); ok && lt {
			min, name = v, n
		}
	}
	if name == "" {
		return "", "", fmt.Errorf("%w: Mender's rule wants an entry of /%s with type 1, not named dummy*, ifindex below 65535; configure other sources in /etc/hwident.conf (hwident show lists the candidates)", ErrNoneSuitable, classDir)
	}
	addr, _ := catSubst(fsys, "/"+classDir+"/"+name+"/address")
	out, _ := dashEcho("mac=" + addr)
	return name, strings.TrimPrefix(out, "mac="), nil
}

// catSubst is $(cat $word) with word unquoted: the words of the expansion
// (scriptWords), each read whole; the first that cannot be read is the
// error (cat fails, and the script's set -e stops it), the contents read
// before it are returned. As in the shell, NUL bytes are dropped and
// trailing newlines removed.
func catSubst(fsys fs.FS, word string) (string, error) {
	var b strings.Builder
	var first error
	for _, p := range scriptWords(fsys, word) {
		data, err := fs.ReadFile(fsys, relPath(p))
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		b.Write(data)
	}
	s := strings.ReplaceAll(b.String(), "\x00", "")
	return strings.TrimRight(s, "\n"), first
}

// relPath turns a path of the script into one of the machine root: absolute
// paths are under the root, relative ones under its working directory,
// which is / (Mender starts the script from its own working directory, /
// under systemd).
func relPath(p string) string {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	if p == "" {
		return "."
	}
	return p
}

// scriptTest is `[ $x OP N ]` in the script, with cmp deciding OP N for one
// integer: x is split and globbed (scriptWords); leading "!" words negate;
// the rest must be exactly one integer as test(1) reads it (shellInt).
// ok is false when test fails with a usage error, which the script's `if`
// takes as false. test(1)'s -a, -o and parentheses are not evaluated: they
// are taken as a usage error (the kernel writes one decimal integer).
func scriptTest(fsys fs.FS, x string, cmp func(int64) bool) (result, ok bool) {
	words := scriptWords(fsys, x)
	neg := false
	for len(words) > 1 && words[0] == "!" {
		neg, words = !neg, words[1:]
	}
	if len(words) != 1 {
		return false, false
	}
	v, ok := shellInt(words[0])
	if !ok {
		return false, false
	}
	return cmp(v) != neg, true
}

// scriptWords is an unquoted expansion in dash: split at spaces, tabs and
// newlines, then each field that holds a glob character is replaced by the
// paths it matches in byte order, or kept as it is when it matches nothing.
func scriptWords(fsys fs.FS, s string) []string {
	var out []string
	for len(s) > 0 {
		n := strings.IndexAny(s, " \t\n")
		if n < 0 {
			n = len(s)
		}
		if f := s[:n]; f != "" {
			m := glob(fsys, f)
			if len(m) == 0 {
				m = []string{f}
			}
			out = append(out, m...)
		}
		s = s[min(n+1, len(s)):]
	}
	return out
}

// metaAt reports whether pat has an unescaped *, ? or [ (dash globs a field
// only then).
func hasMeta(pat string) bool {
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '*', '?', '[':
			return true
		}
	}
	return false
}

// glob expands one field as dash's pathname expansion does, nil if it has
// no glob character or matches nothing: component by component, a
// component with glob characters matched against the names of the
// directory (a leading '.' only by a literal '.'), other components taken
// literally with backslashes removed and kept if they exist (lstat).
func glob(fsys fs.FS, pattern string) []string {
	if !hasMeta(pattern) {
		return nil
	}
	prefix := ""
	if pattern[0] == '/' {
		prefix = "/"
	}
	paths := []string{prefix}
	for _, comp := range strings.Split(pattern, "/") {
		if comp == "" {
			continue
		}
		var next []string
		for _, dir := range paths {
			sep := dir
			if dir != "" && dir != "/" {
				sep += "/"
			}
			if !hasMeta(comp) {
				lit := []byte{}
				for i := 0; i < len(comp); i++ {
					if comp[i] == '\\' && i+1 < len(comp) {
						i++
					}
					lit = append(lit, comp[i])
				}
				if _, err := fs.Lstat(fsys, relPath(sep+string(lit))); err == nil {
					next = append(next, sep+string(lit))
				}
				continue
			}
			entries, _ := fs.ReadDir(fsys, relPath(dir)) // sorted by name: byte order
			for _, e := range entries {
				n := e.Name()
				if (n[0] != '.' || comp[0] == '.') && shellMatch(comp, n) {
					next = append(next, sep+n)
				}
			}
		}
		paths = next
	}
	return paths
}

// shellMatch matches name against a glob component as dash does: * and ?
// match any bytes, [...] a set with ranges, negated by a leading '!' (not
// '^', which dash takes literally and busybox as negation), an unclosed '['
// is literal, a backslash quotes the next byte.
func shellMatch(pat, name string) bool {
	for len(pat) > 0 {
		c := pat[0]
		switch c {
		case '*':
			for i := 0; i <= len(name); i++ {
				if shellMatch(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		case '?':
			if name == "" {
				return false
			}
			pat, name = pat[1:], name[1:]
			continue
		case '[':
			if end, in := matchSet(pat, name); end > 0 {
				if !in {
					return false
				}
				pat, name = pat[end+1:], name[1:]
				continue
			}
		case '\\':
			if len(pat) > 1 {
				pat = pat[1:]
				c = pat[0]
			}
		}
		if name == "" || name[0] != c {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return name == ""
}

// matchSet looks at the set that pat starts: end is the index of its
// closing ']' (0 if unclosed: a literal '['), in whether name's first byte
// is a member. A ']' right after '[' or "[!" is a member; a-z is a range.
func matchSet(pat, name string) (end int, in bool) {
	i, neg := 1, len(pat) > 1 && pat[1] == '!'
	if neg {
		i++
	}
	for start := i; i < len(pat); i++ {
		if pat[i] == ']' && i > start {
			return i, name != "" && in != neg
		}
		if name == "" {
			continue
		}
		lo, hi := pat[i], pat[i]
		if i+2 < len(pat) && pat[i+1] == '-' && pat[i+2] != ']' {
			hi = pat[i+2]
			i += 2
		}
		if lo <= name[0] && name[0] <= hi {
			in = true
		}
	}
	return 0, false
}

// dashEcho is what dash's echo prints for one argument, without the final
// newline: \a \b \e \f \n \r \t \v \\ and octal \NNN or \0NNN (up to three
// digits) are replaced, other backslashes kept, and \c ends the output
// (stopped is then true and no newline follows). busybox's echo prints the
// argument as it is; hwident follows dash.
func dashEcho(s string) (out string, stopped bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'a', 'b', 'e', 'f', 'n', 'r', 't', 'v':
			b.WriteByte("\a\b\x1b\f\n\r\t\v"[strings.IndexByte("abefnrtv", e)])
		case '\\':
			b.WriteByte('\\')
		case 'c':
			return b.String(), true
		case '0', '1', '2', '3', '4', '5', '6', '7':
			if e == '0' { // \0NNN: the 0 is not one of the three digits
				i++
			}
			const max = 3
			v, n := 0, 0
			for ; n < max && i < len(s) && s[i] >= '0' && s[i] <= '7'; n++ {
				v = v*8 + int(s[i]-'0')
				i++
			}
			i--
			b.WriteByte(byte(v))
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), false
}

// shellInt is the integer test(1) sees in one word of the script's
// `[ $x -lt $min ]`: an optional sign and decimal digits in int64 range,
// which dash and busybox (the /bin/sh of Debian and Yocto) also accept with
// \v, \f or \r around it (bash does not; the kernel never writes these).
// ok is false when test would fail with a usage error instead.
func shellInt(s string) (v int64, ok bool) {
	word := strings.Trim(s, " \t\n") // callers split at these already
	if word == "" || strings.ContainsAny(word, " \t\n") {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.Trim(word, "\v\f\r"), 10, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}
