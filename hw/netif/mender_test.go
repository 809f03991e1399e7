package netif

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// files builds a bare sys/class/net from name/attribute -> contents, the
// way the script sees it (no symlinks needed).
func files(m map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"sys/class/net": {Mode: fs.ModeDir | 0o755}}
	for k, v := range m {
		if strings.HasSuffix(k, "/") {
			fsys["sys/class/net/"+strings.TrimSuffix(k, "/")] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			continue
		}
		fsys["sys/class/net/"+k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

// menderCases are run against Mender() here and against Mender's script in
// TestMenderAgainstScript.
var menderCases = []struct {
	name     string
	files    map[string]string
	wantName string
	wantAddr string
	wantErr  error
}{
	{"lowest ifindex of type 1", map[string]string{
		"lo/type": "772\n", "lo/ifindex": "1\n", "lo/address": "00:00:00:00:00:00\n",
		"eth0/type": "1\n", "eth0/ifindex": "3\n", "eth0/address": "b8:27:eb:00:00:01\n",
		"wlan0/type": "1\n", "wlan0/ifindex": "2\n", "wlan0/address": "b8:27:eb:00:00:02\n",
	}, "wlan0", "b8:27:eb:00:00:02", nil},
	{"no filtering of bridges, random or local addresses", map[string]string{
		"docker0/type": "1\n", "docker0/ifindex": "4\n", "docker0/address": "02:42:7d:1e:88:0c\n",
		"eth0/type": "1\n", "eth0/ifindex": "5\n", "eth0/address": "00:11:22:33:44:55\n",
	}, "docker0", "02:42:7d:1e:88:0c", nil},
	{"dummy prefix skipped, only as prefix", map[string]string{
		"dummy0/type": "1\n", "dummy0/ifindex": "2\n",
		"dummyfoo/type": "1\n", "dummyfoo/ifindex": "3\n",
		"xdummy/type": "1\n", "xdummy/ifindex": "4\n", "xdummy/address": "aa\n",
		"Dummy1/type": "1\n", "Dummy1/ifindex": "5\n",
	}, "xdummy", "aa", nil},
	{"dummy skipped before ifindex is read", map[string]string{
		"dummy0/type": "1\n",
		"eth0/type":   "1\n", "eth0/ifindex": "9\n", "eth0/address": "x\n",
	}, "eth0", "x", nil},
	{"ifindex 65535 and above never picked", map[string]string{
		"a/type": "1\n", "a/ifindex": "65535\n",
		"b/type": "1\n", "b/ifindex": "70000\n",
	}, "", "", ErrNoneSuitable},
	{"ifindex 65534 picked", map[string]string{
		"a/type": "1\n", "a/ifindex": "65534\n", "a/address": "m\n",
	}, "a", "m", nil},
	{"tie: first name in byte order", map[string]string{
		"eth0/type": "1\n", "eth0/ifindex": "2\n", "eth0/address": "lower\n",
		"Eth0/type": "1\n", "Eth0/ifindex": "2\n", "Eth0/address": "upper\n",
	}, "Eth0", "upper", nil},
	{"integers as test(1) reads them", map[string]string{
		"a/type": "01\n", "a/ifindex": "+7\n", "a/address": "a\n",
		"b/type": " 1 \n", "b/ifindex": "007\n", "b/address": "b\n",
		"c/type": "1\n", "c/ifindex": "-1\n", "c/address": "c\n",
	}, "c", "c", nil},
	{"unparsable type is not skipped", map[string]string{
		"a/type": "ether\n", "a/ifindex": "4\n", "a/address": "a\n",
		"b/type": "\n", "b/ifindex": "5\n",
		"c/type": "1\n", "c/ifindex": "6\n",
	}, "a", "a", nil},
	{"unparsable ifindex is never picked", map[string]string{
		"a/type": "1\n", "a/ifindex": "0x2\n",
		"b/type": "1\n", "b/ifindex": "2 3\n",
		"c/type": "1\n", "c/ifindex": "99999999999999999999\n",
		"d/type": "1\n", "d/ifindex": "\n",
		"e/type": "1\n", "e/ifindex": "8\v9\n",
	}, "", "", ErrNoneSuitable},
	{"carriage return around an integer, as dash and busybox read it", map[string]string{
		"a/type": "\r1\n", "a/ifindex": "8\r\n", "a/address": "a\n",
	}, "a", "a", nil},
	{"entry without a regular type file skipped", map[string]string{
		"bonding_masters": "bond0\n",
		"a/ifindex":       "2\n",
		"b/type/":         "",
		"c/type":          "1\n", "c/ifindex": "3\n", "c/address": "c\n",
	}, "c", "c", nil},
	{"hidden names are not globbed", map[string]string{
		".x/type": "1\n", ".x/ifindex": "2\n",
		"y/type": "1\n", "y/ifindex": "3\n", "y/address": "y\n",
	}, "y", "y", nil},
	{"address as is, trailing newlines removed", map[string]string{
		"a/type": "1\n", "a/ifindex": "2\n", "a/address": " B8:27:EB:00:00:01 %x\r\n\n\n",
	}, "a", " B8:27:EB:00:00:01 %x\r", nil},
	{"missing address prints an empty value", map[string]string{
		"a/type": "1\n", "a/ifindex": "2\n",
	}, "a", "", nil},
	{"missing ifindex on a candidate stops the script", map[string]string{
		"a/type": "1\n",
	}, "", "", fs.ErrNotExist},
	{"empty", map[string]string{}, "", "", ErrNoneSuitable},
}

// shellCase is a menderCase where the shell's expansion matters; dashOnly
// cases differ under busybox (hwident follows dash), noNewline ones end the
// script's output without a newline (dash's echo met \c).
type shellCase struct {
	name      string
	files     map[string]string
	wantName  string
	wantAddr  string
	wantErr   error
	dashOnly  bool
	noNewline bool
}

var shellCases = []shellCase{
	{name: "glob in a name: $dev/type reads every match", files: map[string]string{
		"e*/type": "1\n", "e*/ifindex": "2\n", "e*/address": "star\n",
		"eth0/type": "1\n", "eth0/ifindex": "3\n", "eth0/address": "eth0\n",
	}, wantName: "eth0", wantAddr: "eth0"},
	{name: "? in a name", files: map[string]string{
		"e?h0/type": "1\n", "e?h0/ifindex": "2\n", "e?h0/address": "q\n",
		"eth0/type": "1\n", "eth0/ifindex": "3\n", "eth0/address": "eth0\n",
	}, wantName: "eth0", wantAddr: "eth0"},
	{name: "a set in a name reads its member's type", files: map[string]string{
		"[ab]/type": "1\n", "[ab]/ifindex": "2\n", "[ab]/address": "set\n",
		"a/type": "9\n", "a/ifindex": "3\n",
		"c/type": "1\n", "c/ifindex": "4\n", "c/address": "c\n",
	}, wantName: "c", wantAddr: "c"},
	{name: "a glob matching nothing but itself", files: map[string]string{
		"[ab/type": "1\n", "[ab/ifindex": "2\n", "[ab/address": "open\n",
		"?hid/type": "1\n", "?hid/ifindex": "3\n",
		".hid/type": "1\n", ".hid/ifindex": "1\n",
	}, wantName: "[ab", wantAddr: "open"},
	{name: "[^x] is not a negation in dash", files: map[string]string{
		"e[^x]h0/type": "1\n", "e[^x]h0/ifindex": "2\n", "e[^x]h0/address": "caret\n",
		"eth0/type": "1\n", "eth0/ifindex": "3\n", "eth0/address": "eth0\n",
	}, wantName: "e[^x]h0", wantAddr: "caret", dashOnly: true},
	{name: "a space in a name stops the script", files: map[string]string{
		"my nic/type": "1\n", "my nic/ifindex": "2\n",
		"eth0/type": "1\n", "eth0/ifindex": "3\n",
	}, wantErr: fs.ErrNotExist},
	{name: "a newline in a name stops the script", files: map[string]string{
		"a\nb/type": "1\n", "a\nb/ifindex": "2\n",
	}, wantErr: fs.ErrNotExist},
	{name: "a multi-word type is not skipped, ! negates", files: map[string]string{
		"a/type": "1 1\n", "a/ifindex": "3\n", "a/address": "two words\n",
		"b/type": "! 1\n", "b/ifindex": "2\n", "b/address": "negated\n",
		"c/type": "! ! 1\n", "c/ifindex": "4\n",
	}, wantName: "a", wantAddr: "two words"},
	{name: "NUL bytes in ifindex are dropped", files: map[string]string{
		"a/type": "1\n", "a/ifindex": "\x005\x001\n", "a/address": "fifty-one\n",
		"b/type": "1\n", "b/ifindex": "7\x00\n", "b/address": "seven\x00\n",
	}, wantName: "b", wantAddr: "seven"},
	{name: "dash's echo turns \\0057 into / and makes a dummy", files: map[string]string{
		"x\\0057sys\\0057class\\0057net\\0057dummy/type": "1\n", "x\\0057sys\\0057class\\0057net\\0057dummy/ifindex": "2\n",
		"eth0/type": "1\n", "eth0/ifindex": "3\n", "eth0/address": "eth0\n",
	}, wantName: "eth0", wantAddr: "eth0", dashOnly: true},
	{name: "backslashes in the address through dash's echo", files: map[string]string{
		"a\\\\b/type": "1\n", "a\\\\b/ifindex": "2\n", "a\\\\b/address": "\\101\\tx\\\\\\q\\cgone\n",
	}, wantName: "a\\\\b", wantAddr: "A\tx\\\\q", dashOnly: true, noNewline: true},
}

// allMenderCases are menderCases and shellCases together.
func allMenderCases() []shellCase {
	var out []shellCase
	for _, c := range menderCases {
		out = append(out, shellCase{name: c.name, files: c.files, wantName: c.wantName, wantAddr: c.wantAddr, wantErr: c.wantErr})
	}
	return append(out, shellCases...)
}

func TestMender(t *testing.T) {
	for _, tc := range allMenderCases() {
		t.Run(tc.name, func(t *testing.T) {
			name, addr, err := Mender(files(tc.files))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || name != tc.wantName || addr != tc.wantAddr {
				t.Errorf("Mender = %q, %q, %v; want %q, %q", name, addr, err, tc.wantName, tc.wantAddr)
			}
		})
	}
}

func TestMenderUnreadable(t *testing.T) {
	var ae *AttrError
	_, _, err := Mender(fstest.MapFS{})
	if !errors.Is(err, ErrNoneSuitable) {
		t.Errorf("no sys/class/net: %v, want ErrNoneSuitable (an unmatched glob)", err)
	}
	_, _, err = Mender(files(map[string]string{"a/type": "1\n"}))
	if !errors.As(err, &ae) || ae.Iface != "a" || ae.Attr != "ifindex" {
		t.Errorf("missing ifindex: %v, want *AttrError for a/ifindex", err)
	}
}

func TestShellInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1\n", 1, true}, {"+1", 1, true}, {"01", 1, true}, {"-0", 0, true}, {" \t7 \n\n", 7, true},
		{"", 0, false}, {"\n", 0, false}, {"1x", 0, false}, {"0x1", 0, false}, {"1 2", 0, false},
		{"\r+1\v\f", 1, true}, {"1\r2", 0, false}, {"\r", 0, false}, {"+\r1", 0, false}, {"9223372036854775808", 0, false}, {"1_0", 0, false},
	}
	for _, tc := range tests {
		v, ok := shellInt(tc.in)
		if v != tc.want || ok != tc.ok {
			t.Errorf("shellInt(%q) = %d, %t; want %d, %t", tc.in, v, ok, tc.want, tc.ok)
		}
	}
}

// FuzzShellInt: an accepted value is one word of an optional sign and
// decimal digits that denotes exactly v; every int64 printed by the kernel's
// "%d\n" is accepted as itself.
func FuzzShellInt(f *testing.F) {
	for _, s := range []string{"1\n", "65535\n", "+01", " -3 ", "1 2", "0x10", ""} {
		f.Add(s, int64(len(s)))
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		if v, ok := shellInt(strconv.FormatInt(n, 10) + "\n"); !ok || v != n {
			t.Fatalf("shellInt(%d) = %d, %t", n, v, ok)
		}
		v, ok := shellInt(s)
		if !ok {
			return
		}
		w := strings.Trim(s, " \t\n\v\f\r")
		digits := strings.TrimLeft(strings.TrimLeft(w, "+-"), "0")
		if len(w)-len(strings.TrimLeft(w, "+-")) > 1 || strings.Trim(digits, "0123456789") != "" {
			t.Fatalf("shellInt(%q) accepted a word that is not [+-]digits", s)
		}
		if abs := strings.TrimPrefix(strconv.FormatInt(v, 10), "-"); abs != digits && !(v == 0 && digits == "") {
			t.Fatalf("shellInt(%q) = %d, digits %q", s, v, digits)
		}
	})
}

// FuzzMender: whatever two entries hold, a pick is an entry whose type is
// not an integer other than 1, whose ifindex is an integer below 65535 and
// not above the other entry's, and the address (without backslashes, which
// dash's echo expands) is the file without NUL bytes and trailing newlines.
func FuzzMender(f *testing.F) {
	f.Add("1\n", "2\n", "aa:bb\n", "1\n", "3\n", "cc\n")
	f.Add("772\n", "1\n", "", "1\n", "65535\n", "x")
	f.Add("x\n", "7\n", "a\n\n", "1\n", "+7\n", "b")
	f.Fuzz(func(t *testing.T, type0, idx0, addr0, type1, idx1, addr1 string) {
		in := map[string]string{"a/type": type0, "a/ifindex": idx0, "a/address": addr0, "b/type": type1, "b/ifindex": idx1, "b/address": addr1}
		if strings.ContainsAny(type0+idx0+type1+idx1, "!*?[") {
			return // test(1)'s ! and globs: the shell cases cover them
		}
		name, addr, err := Mender(files(in))
		for k, v := range in { // what $(cat) leaves of them
			in[k] = strings.ReplaceAll(v, "\x00", "")
		}
		if err != nil {
			var ae *AttrError
			if !errors.Is(err, ErrNoneSuitable) && !errors.As(err, &ae) {
				t.Fatalf("unexpected error %v", err)
			}
			for _, e := range []string{"a", "b"} {
				if eligible(in, e) {
					t.Fatalf("error %v although %s is eligible", err, e)
				}
			}
			return
		}
		if !eligible(in, name) {
			t.Fatalf("picked %s, which is not eligible", name)
		}
		if a := in[name+"/address"]; !strings.Contains(a, "\\") && addr != strings.TrimRight(a, "\n") {
			t.Fatalf("address %q from %q", addr, in[name+"/address"])
		}
		other := map[string]string{"a": "b", "b": "a"}[name]
		mine, _ := shellInt(in[name+"/ifindex"])
		if theirs, _ := shellInt(in[other+"/ifindex"]); eligible(in, other) && (theirs < mine || theirs == mine && other < name) {
			t.Fatalf("picked %s (ifindex %d) over %s (ifindex %d)", name, mine, other, theirs)
		}
	})
}

func eligible(in map[string]string, name string) bool {
	if t, ok := shellInt(in[name+"/type"]); ok && t != 1 {
		return false
	}
	idx, ok := shellInt(in[name+"/ifindex"])
	return ok && idx < 65535
}
