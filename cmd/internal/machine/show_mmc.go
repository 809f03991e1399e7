package machine

import (
	"errors"
	"strings"

	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/identity"
)

// showMMC lists every card on the MMC bus: the eMMC as mmc:cid (and its
// serial), the SD card as mmc:sd-cid, others by their sysfs cid file.
func (m *Machine) showMMC() []Candidate {
	cards, err := m.mmcCards()
	if err != nil {
		return []Candidate{{Source: "mmc:cid", Verdict: err.Error()}}
	}
	emmc, emmcErr := mmc.Internal(cards)
	sd, sdErr := mmc.SDCard(cards)
	var out []Candidate
	for _, c := range cards {
		cand := Candidate{Source: "file:/sys/bus/mmc/devices/" + c.Dev + "/cid", Value: c.CID, Facts: mmcFacts(c)}
		switch {
		case c.Type == mmc.TypeSDIO:
			cand.Source = "(" + c.Dev + ")"
			cand.Verdict = "SDIO card (e.g. a Wi-Fi module): it has no CID"
		case emmcErr == nil && c.Dev == emmc.Dev:
			cand = m.mmcCandidate("cid", "the soldered eMMC (removable: "+c.Removable.String()+", "+c.Why+"); the 15 bytes before the CRC, which many hosts read as 00", c)
		case sdErr == nil && c.Dev == sd.Dev:
			cand = m.mmcCandidate("sd-cid", "an SD card moves between devices: use it only when it never leaves this one (removable: "+c.Removable.String()+")", c)
		default:
			cand.Verdict = otherCardVerdict(c, emmcErr, sdErr)
		}
		out = append(out, cand)
		if cand.Source == "mmc:cid" {
			out = append(out, m.mmcCandidate("serial", "the eMMC's product serial number (also in mmc:cid)", c))
		}
	}
	return out
}

func (m *Machine) mmcCandidate(arg, why string, c mmc.Card) Candidate {
	v, _, err := m.mmcValue(arg)
	cand := Candidate{Source: "mmc:" + arg, Value: v, Usable: err == nil, Verdict: why, Facts: mmcFacts(c)}
	if err != nil {
		cand.Verdict = err.Error()
	}
	if d, derr := c.Decode(); derr == nil && c.Attrs["date"] != "" && d.Date() != "" && d.Date() != c.Attrs["date"] {
		cand.Verdict += "; note: the kernel dates it " + c.Attrs["date"] + ", hwident's decoder " + d.Date()
	}
	return cand
}

// otherCardVerdict says why neither mmc:cid nor mmc:sd-cid reads card c:
// several cards of its kind qualify, or it is not of a kind they read (a
// removable MMC card, an unknown type).
func otherCardVerdict(c mmc.Card, emmcErr, sdErr error) string {
	err := emmcErr
	if c.Type != mmc.TypeMMC {
		err = sdErr
	}
	if errors.Is(err, mmc.ErrManyCards) {
		return err.Error()
	}
	return "neither mmc:cid (the one non-removable eMMC) nor mmc:sd-cid (the one SD card) reads this " + string(c.Type) + " card (removable: " + c.Removable.String() + "); this file: source reads its cid"
}

func mmcFacts(c mmc.Card) []identity.Attr {
	// Appended to a made slice, not a [3]identity.Attr literal (its array
	// type would bring a descriptor and an equality function).
	f := append(make([]identity.Attr, 0, 11), identity.Attr{Key: "card", Value: c.Dev},
		identity.Attr{Key: "type", Value: string(c.Type)}, identity.Attr{Key: "removable", Value: c.Removable.String()})
	for _, k := range []string{"name", "manfid", "oemid", "serial", "date", "rev"} {
		if v, ok := c.Attrs[k]; ok {
			f = append(f, identity.Attr{Key: k, Value: v})
		}
	}
	if c.Disk != "" {
		f = append(f, identity.Attr{Key: "disk", Value: c.Disk})
	}
	if len(c.HWParts) > 0 {
		f = append(f, identity.Attr{Key: "hw_partitions", Value: strings.Join(c.HWParts, ",")})
	}
	return f
}
