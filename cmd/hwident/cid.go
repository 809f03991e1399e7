//go:build !identityonly

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
			v = identity.EncodeBytes(at.Value) // bytes: the standards make it ASCII
		}
		out = append(out, at.Name+"="+v+"\n"...)
	}
	_, err = a.stdout.Write(out)
	return err
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
