package mmc

import "strings"

// CIDPrefix returns the first 30 hex digits (15 bytes) of the card's sysfs
// cid, lower case: the CID without its last byte, the CRC7, which many
// hosts (all SDHCI ones) never receive and report as 00. ok is false when
// the cid is not the exactly 32 hex digits the kernel writes. Not
// ParseCIDHex: that also accepts a 0x prefix and separators, which would
// end up in the value.
func (c Card) CIDPrefix() (prefix string, ok bool) {
	if len(c.CID) != 32 || strings.Trim(c.CID, "0123456789abcdefABCDEF") != "" {
		return "", false
	}
	return strings.ToLower(c.CID[:30]), true
}
