//go:build !identityonly

package main

import (
	"errors"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/identity"
)

// runCIDDecode runs `hwident cid decode HEX`: the CID's fields as key=value lines
// in the text of the kernel's sysfs attribute files (docs/cid.md).
func runCIDDecode(a *cli.App, fs *cli.Flags) error {
	fs.Interspersed = true
	typ := fs.String("type", "", "card `type`: mmc (eMMC) or sd; default: guess from the content, refuse when unsure")
	rev := fs.Int("ext-csd-rev", mmc.UnknownExtCSDRev, "eMMC EXT_CSD revision `N` (sysfs rev, EXT_CSD[192]); needed for an eMMC date")
	if err := fs.Parse(); err != nil {
		return err
	}
	if len(fs.Args()) != 1 {
		return cli.Usagef("cid decode takes one HEX CID, got %d arguments", len(fs.Args()))
	}
	var t mmc.Type
	if *typ != "" {
		var err error
		if t, err = mmc.ParseType(*typ); err != nil {
			return cli.Usagef("--type %q: use mmc or sd", *typ)
		}
	}
	if *rev < mmc.UnknownExtCSDRev || *rev > 255 {
		return cli.Usagef("--ext-csd-rev %d: EXT_CSD_REV is a byte (0-255)", *rev)
	}
	raw, err := mmc.ParseCIDHex(fs.Arg(0))
	if err != nil {
		return cli.Usagef("%w", err)
	}
	c, err := mmc.DecodeCID(raw, t, *rev)
	if errors.Is(err, mmc.ErrAmbiguousType) {
		return cli.Usagef("%w", err)
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
	_, err = a.Stdout.Write(out)
	return err
}
