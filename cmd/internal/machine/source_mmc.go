package machine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/identity"
)

// mmcValue returns the value of mmc:ARG, the card it comes from, and why
// it is unusable (the value is still returned then, for show).
//
// mmc:cid is the first 15 bytes of the eMMC's CID: the last byte is CRC7,
// which many hosts (all SDHCI ones) never receive and report as 00, so a
// card moved to another host, or a kernel that changes how it reads the
// response, would otherwise change its identity. mmc:cid-raw is the sysfs
// text as is, for fleets that already used it. mmc:sd-cid is the same
// 30 digits for the one SD card: only when asked, because SD cards move
// between devices.
func (m *Machine) mmcValue(arg string) (string, mmc.Card, error) {
	cards, err := m.mmcCards()
	if err != nil {
		return "", mmc.Card{}, err
	}
	var c mmc.Card
	if arg == "sd-cid" {
		c, err = mmc.SDCard(cards)
	} else {
		c, err = mmc.Internal(cards)
	}
	if err != nil {
		return "", c, err
	}
	var v string
	switch arg {
	case "cid", "sd-cid":
		var ok bool
		if v, ok = c.CIDPrefix(); !ok {
			err = errors.New("sysfs cid " + identity.Quote(c.CID) + " is not the 32 hex digits the kernel writes: check the card's cid file")
		}
	case "cid-raw":
		v = c.CID
	case "serial":
		v = c.Attrs["serial"]
		// CheckValue sees "0x00000000" as varied text: judge the digits.
		if err = identity.CheckValue(strings.TrimPrefix(v, "0x")); err != nil {
			err = fmt.Errorf("MMC card %s serial %s: %w", c.Dev, identity.Quote(v), err)
		}
		return v, c, err
	default:
		return "", c, fmt.Errorf("mmc:%s: %w", arg, identity.ErrUnknownSource)
	}
	if err == nil {
		err = identity.CheckValue(v)
	}
	if err != nil {
		err = fmt.Errorf("MMC card %s: %w", c.Dev, err)
	}
	return v, c, err
}

// mmcCards scans the MMC bus once per run: every mmc: source and show's
// MMC section share the scan.
func (m *Machine) mmcCards() ([]mmc.Card, error) {
	if !m.scanned {
		m.cards, m.cardsErr = mmc.Cards(m.FS)
		m.scanned = true
	}
	return m.cards, m.cardsErr
}
