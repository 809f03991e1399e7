package main

import (
	"errors"

	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/identity"
)

const cidSynopsis = "cid decode HEX [--type mmc|sd] [--ext-csd-rev N]"

// runCID runs `hwident cid decode HEX`: the CID's fields as key=value lines
// in the text of the kernel's sysfs attribute files (docs/cid.md).
func runCID(a *app, args []string) error {
	fs := a.newFlags("cid", cidSynopsis)
	typ := fs.String("type", "", "card `type`: mmc (eMMC) or sd; default: guess from the content, refuse when unsure")
	rev := fs.Int("ext-csd-rev", mmc.UnknownExtCSDRev, "eMMC EXT_CSD revision `N` (sysfs rev, EXT_CSD[192]); needed for an eMMC date")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "decode" {
		return usageErr("usage: hwident %s", cidSynopsis)
	}
	var t mmc.Type
	if *typ != "" {
		if t, err = mmc.ParseType(*typ); err != nil {
			return usageErr("--type %q: use mmc or sd", *typ)
		}
	}
	if *rev < mmc.UnknownExtCSDRev || *rev > 255 {
		return usageErr("--ext-csd-rev %d: EXT_CSD_REV is a byte (0-255)", *rev)
	}
	raw, err := mmc.ParseCIDHex(pos[1])
	if err != nil {
		return usageErr("%w", err)
	}
	c, err := mmc.DecodeCID(raw, t, *rev)
	if errors.Is(err, mmc.ErrAmbiguousType) {
		return usageErr("%w", err)
	}
	if err != nil {
		return err
	}
	var out []byte
	for _, at := range c.Attrs() {
		v := identity.EncodeValue(at.Value)
		if at.Name == "name" {
			v = encodeNameBytes(at.Value)
		}
		out = append(out, at.Name+"="+v+"\n"...)
	}
	_, err = a.stdout.Write(out)
	return err
}

// encodeNameBytes writes a CID product name, which is bytes, not text:
// the standards make it ASCII, so every other byte is percent-encoded like
// a control byte in any hwident value (0xc3 0x83 is %C3%83, not "Ã", which
// would make a broken card look like a name in another script). '%' is
// encoded too, so the line decodes back to the card's bytes.
func encodeNameBytes(v string) string {
	const hexdigits = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f || c == '%' {
			b = append(b, '%', hexdigits[c>>4], hexdigits[c&15])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// parseInterspersed parses flags that may follow positional arguments
// ("decode HEX --type sd") and returns the positional ones.
func parseInterspersed(fs *flags, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
