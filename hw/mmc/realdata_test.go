package mmc

import (
	"bufio"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/realdata"
)

// extCSDRevs gives the EXT_CSD revision of the eMMC rows whose dates are
// compared, from what each source says about the part.
var extCSDRevs = map[string]int{
	// Linux 3.4 applied no year rollover at all: it decodes like rev 4
	// (the part itself is rev 6, see TestRealCIDModernKernel).
	"1501004d384731474303dc0db061506f": 4,
	"11010030303847423004348fc3eea600": 8, // "eMMC, version 5.1"
	"11010030303847453000912d76b6b000": 6, // 8 GB Toshiba eMMC 4.5 (LG phone); any rev 5–8 gives the same date
	"45010053454d313647071081d2943100": 6, // "Extended CSD rev 1.6 (MMC 4.5)"
}

// knownDeviations are fields where the recorded decoder is not the kernel
// and is known to differ from it; they are not compared.
var knownDeviations = map[string][]string{
	// barebox splits an eMMC CID like an SD CID (5-char name, PRV from PNM).
	"11010030303847423004348fc3eea600": {"name", "prv"},
	// crowd-sourced table: "keys may not match the CID bytes exactly".
	"45010053454d31364790e03506aebf4d": {"name", "hwrev"},
}

// TestRealCIDs decodes every CID of realdata/mmc/cids.tsv and compares each
// field recorded there, after turning the recorder's notation into the
// kernel's sysfs format. mmc-utils output is not used: it gets eMMC dates
// wrong.
func TestRealCIDs(t *testing.T) {
	f, err := os.Open(realdata.Dir(t, "mmc", "cids.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	cols := strings.Split(sc.Text(), "\t")
	rows, compared := 0, 0
	for sc.Scan() {
		rec := map[string]string{}
		for i, v := range strings.Split(sc.Text(), "\t") {
			if i < len(cols) {
				rec[cols[i]] = strings.TrimSpace(v)
			}
		}
		rows++
		cidHex := rec["cid_hex"]
		typ, err := ParseType(rec["type"])
		if err != nil {
			t.Fatalf("%s: type %q", cidHex, rec["type"])
		}
		raw, err := ParseCIDHex(cidHex)
		if err != nil {
			t.Fatalf("%s: %v", cidHex, err)
		}
		// The guess may refuse, but must never pick the wrong type.
		if g, err := GuessType(raw); err == nil && g != typ {
			t.Errorf("%s: GuessType = %s, want %s", cidHex, g, typ)
		} else if err != nil && !errors.Is(err, ErrAmbiguousType) {
			t.Errorf("%s: GuessType: %v", cidHex, err)
		}
		rev, ok := extCSDRevs[cidHex]
		if !ok {
			rev = UnknownExtCSDRev
		}
		c, err := DecodeCID(raw, typ, rev)
		if err != nil {
			t.Fatalf("%s: %v", cidHex, err)
		}
		got := map[string]string{}
		for _, a := range c.Attrs() {
			got[a.Name] = a.Value
		}
		want := expectedAttrs(t, rec, typ)
		for _, skip := range knownDeviations[cidHex] {
			delete(want, skip)
		}
		if typ == TypeMMC && rev == UnknownExtCSDRev && want["date"] != "" {
			t.Errorf("%s: records a date but extCSDRevs has no revision for it", cidHex)
		}
		for k, w := range want {
			compared++
			g := got[k]
			if k == "name" && !quoted.MatchString(rec["name"]) {
				g = strings.TrimRight(g, " ") // unquoted cells lost the kernel's trailing spaces
			}
			if g != w {
				t.Errorf("%s (%s, %s): %s = %q, recorded %q", cidHex, rec["reporter"], rec["label_or_device"], k, g, w)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("compared %d recorded fields of %d CIDs", compared, rows)
	if rows < 50 || compared < 250 {
		t.Errorf("compared %d fields of %d rows: the TSV format changed?", compared, rows)
	}
}

// TestRealCIDModernKernel: the Samsung eMMC that Linux 3.4 dated 05/1997
// is EXT_CSD rev 6, which today's kernel dates 05/2013.
func TestRealCIDModernKernel(t *testing.T) {
	raw, _ := ParseCIDHex("1501004d384731474303dc0db061506f")
	c, err := DecodeCID(raw, TypeMMC, 6)
	if err != nil || c.Date() != "05/2013" {
		t.Errorf("date = %q, %v; want 05/2013", c.Date(), err)
	}
}

var (
	dollarHex = regexp.MustCompile(`\$([0-9A-Fa-f_]+)`)
	quoted    = regexp.MustCompile(`-> "(.*)"`)
	isoMonth  = regexp.MustCompile(`-> (\d{4})-(\d{2})`)
	mdtRaw    = regexp.MustCompile(`MDT_Y=(\d+) .*raw month 0x([0-9a-f]+)`)
	revDigits = regexp.MustCompile(`^(?:\$[0-9A-Fa-f]+ -> )?([0-9A-Fa-f])\.([0-9A-Fa-f])$`)
)

// expectedAttrs converts one TSV row to kernel-format attribute values.
// Notations: P2-uSD-FS ("$AD -> ...", "$3584_1E2E -> 897,843,758",
// "$197 -> 2025-07"), usbsdmux ("raw 0x2 enum SanDisk", "TM", decimal
// serial, "MDT_Y=2011 ... raw month 0xc"), barebox (bare hex manfid/oemid,
// decimal serial, "10.2019") and kernel sysfs text as is.
func expectedAttrs(t *testing.T, rec map[string]string, typ Type) map[string]string {
	t.Helper()
	w := map[string]string{}
	num := func(s string, base int) uint64 {
		v, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), base, 64)
		if err != nil {
			t.Fatalf("%s: number %q: %v", rec["cid_hex"], s, err)
		}
		return v
	}
	if m := rec["manfid"]; m != "" {
		switch {
		case strings.HasPrefix(m, "$"):
			m = dollarHex.FindStringSubmatch(m)[1]
		case strings.HasPrefix(m, "raw 0x"):
			m = strings.Fields(m)[1][2:]
		default:
			m = strings.TrimPrefix(m, "0x")
		}
		w["manfid"] = "0x" + hexPad(num(m, 16), 6)
	}
	if o := rec["oemid"]; o != "" {
		switch {
		case strings.HasPrefix(o, "$"):
			b := dollarHex.FindAllStringSubmatch(o, 2)
			w["oemid"] = "0x" + hexPad(num(b[0][1], 16)<<8|num(b[1][1], 16), 4)
		case len(o) == 2: // two OEM ID characters
			w["oemid"] = "0x" + hexPad(uint64(o[0])<<8|uint64(o[1]), 4)
		default:
			w["oemid"] = "0x" + hexPad(num(strings.TrimPrefix(o, "0x"), 16), 4)
		}
	}
	if n := rec["name"]; n != "" {
		if m := quoted.FindStringSubmatch(n); m != nil {
			n = m[1]
		}
		w["name"] = strings.Trim(n, "'")
	}
	prv := rec["prv"]
	if m := revDigits.FindStringSubmatch(prv); m != nil && typ != TypeMMC {
		w["hwrev"], w["fwrev"] = "0x"+strings.ToLower(m[1]), "0x"+strings.ToLower(m[2])
	} else if strings.HasPrefix(prv, "0x") {
		w["prv"] = prv
	}
	// An eMMC's sysfs hwrev/fwrev do not come from a v2+ CID (0 resp.
	// EXT_CSD firmware version), so only SD rows carry them.
	for _, k := range []string{"hwrev", "fwrev"} {
		if v := rec[k]; strings.HasPrefix(v, "0x") && typ != TypeMMC {
			w[k] = v
		}
	}
	if s := rec["serial"]; s != "" {
		switch {
		case strings.HasPrefix(s, "$"):
			s = "0x" + hexPad(num(dollarHex.FindStringSubmatch(s)[1], 16), 8)
		case strings.HasPrefix(s, "0x"):
		default:
			s = "0x" + hexPad(num(s, 10), 8)
		}
		w["serial"] = s
	}
	if d := rec["date"]; d != "" {
		switch {
		case isoMonth.MatchString(d):
			m := isoMonth.FindStringSubmatch(d)
			d = m[2] + "/" + m[1]
		case mdtRaw.MatchString(d):
			m := mdtRaw.FindStringSubmatch(d)
			d = pad(strconv.FormatUint(num(m[2], 16), 10), 2) + "/" + m[1]
		default:
			d = strings.Replace(d, ".", "/", 1)
		}
		w["date"] = d
	}
	return w
}
