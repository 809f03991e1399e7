package mmc

import (
	"fmt"
	"strings"
)

// CIDPrefix returns the first 30 hex digits (15 bytes) of the card's sysfs
// cid, lower case: the CID without its last byte, the CRC7, which many
// hosts (all SDHCI ones) never receive and report as 00. The kernel writes
// the cid as exactly 32 hex digits; anything else is an error. Not
// ParseCIDHex: that also accepts a 0x prefix and separators, which would
// end up in the value.
func (c Card) CIDPrefix() (string, error) {
	if len(c.CID) != 32 || strings.Trim(c.CID, "0123456789abcdefABCDEF") != "" {
		return "", fmt.Errorf("sysfs cid %q is not the 32 hex digits the kernel writes: check the card's cid file", c.CID)
	}
	return strings.ToLower(c.CID[:30]), nil
}
