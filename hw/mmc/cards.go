package mmc

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
)

// busDir lists every card the kernel found, one entry per card: the boot
// partitions and RPMB of an eMMC hang below its card device and never show
// up here as cards of their own.
const busDir = "sys/bus/mmc/devices"

// Removable says whether a card can be taken out of its slot.
type Removable int

const (
	RemovableUnknown Removable = iota
	Fixed                      // soldered (eMMC) or a slot the board declares non-removable
	RemovableCard
)

func (r Removable) String() string {
	switch r {
	case Fixed:
		return "fixed"
	case RemovableCard:
		return "removable"
	}
	return "unknown"
}

// Card is one card on the MMC bus as the kernel describes it in sysfs.
type Card struct {
	Dev       string            // sysfs device name, e.g. "mmc1:0001"
	Host      string            // host controller, e.g. "mmc1"
	Type      Type              // sysfs `type`
	CID       string            // sysfs `cid`: 32 lowercase hex digits ("" for SDIO)
	Attrs     map[string]string // the kernel's decoded sysfs attributes (name, manfid, serial, date, rev...)
	Removable Removable
	Why       string   // how Removable was found
	Disk      string   // block device, e.g. "mmcblk1"
	HWParts   []string // hardware partitions of the same card: boot0, boot1, rpmb
}

// cardAttrs are the sysfs attributes Cards reads when present: cid first,
// into Card.CID, the others into Card.Attrs.
var cardAttrs = []string{"cid", "name", "manfid", "oemid", "prv", "hwrev", "fwrev", "serial", "date", "rev"}

// Cards lists the cards under sys/bus/mmc/devices of fsys, sorted by
// device name. A machine without an MMC bus has no cards (no error).
func Cards(fsys fs.FS) ([]Card, error) {
	ents, err := fs.ReadDir(fsys, busDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list MMC cards: %w", err)
	}
	var cards []Card
	for _, e := range ents {
		c, err := readCard(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		cards = append(cards, c)
	}
	// By insertion: a few cards, and no sort package in device builds (docs/size.md).
	for i := 1; i < len(cards); i++ {
		for j := i; j > 0 && cards[j].Dev < cards[j-1].Dev; j-- {
			cards[j], cards[j-1] = cards[j-1], cards[j]
		}
	}
	return cards, nil
}

func readCard(fsys fs.FS, dev string) (Card, error) {
	dir := busDir + "/" + dev
	c := Card{Dev: dev, Attrs: map[string]string{}}
	c.Host, _, _ = strings.Cut(dev, ":")
	t, err := readAttr(fsys, dir+"/type")
	if err != nil {
		return c, fmt.Errorf("MMC card %s: %w", dev, err)
	}
	c.Type = Type(t)
	// An attribute the kernel does not show for this card is left out
	// (SDIO cards have no cid); one that cannot be read fails the card.
	for i, a := range cardAttrs {
		v, err := readAttr(fsys, dir+"/"+a)
		switch {
		case err == nil && i == 0:
			c.CID = v
		case err == nil:
			c.Attrs[a] = v
		case !errors.Is(err, fs.ErrNotExist):
			return c, fmt.Errorf("MMC card %s: %w", dev, err)
		}
	}
	c.Removable, c.Why = removable(fsys, dir, c.Host)
	c.Disk, c.HWParts = blockDevices(fsys, dir)
	return c, nil
}

// removable asks, in order: the card's own `removable` attribute (kernel
// 6.6+: "fixed" when the host has MMC_CAP_NONREMOVABLE), then the host
// controller's device-tree node for the `non-removable` property.
func removable(fsys fs.FS, dir, host string) (Removable, string) {
	switch v, _ := readAttr(fsys, dir+"/removable"); v {
	case "fixed":
		return Fixed, "sysfs removable=fixed"
	case "removable":
		return RemovableCard, "sysfs removable=removable"
	}
	if _, err := fs.Stat(fsys, "sys/class/mmc_host/"+host+"/device/of_node/non-removable"); err == nil {
		return Fixed, "device tree: host " + host + " is non-removable"
	}
	return RemovableUnknown, "the kernel does not say"
}

// blockDevices finds the card's disk and the hardware partitions the
// kernel shows for it (mmcblkNboot0/1 below the disk, mmcblkNrpmb below
// the disk or the card).
func blockDevices(fsys fs.FS, dir string) (string, []string) {
	ents, err := fs.ReadDir(fsys, dir+"/block")
	if err != nil || len(ents) == 0 {
		return "", nil
	}
	disk := ents[0].Name()
	var parts []string
	for _, d := range []string{dir + "/block/" + disk, dir} {
		sub, _ := fs.ReadDir(fsys, d)
		for _, e := range sub {
			if p, ok := strings.CutPrefix(e.Name(), disk); ok && (strings.HasPrefix(p, "boot") || p == "rpmb") {
				parts = append(parts, p)
			}
		}
	}
	// By insertion, not sort.Strings nor sort.Slice (docs/size.md).
	for i := 1; i < len(parts); i++ {
		for j := i; j > 0 && parts[j] < parts[j-1]; j-- {
			parts[j], parts[j-1] = parts[j-1], parts[j]
		}
	}
	return disk, parts
}

func readAttr(fsys fs.FS, name string) (string, error) {
	b, err := rootfs.ReadFile(fsys, name, rootfs.AttrLimit)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\n"), nil
}

// Decode decodes the card's CID with its EXT_CSD revision (sysfs `rev`,
// eMMC only).
func (c Card) Decode() (CID, error) {
	t := c.Type
	if t != TypeMMC && t != TypeSD && t != TypeSDCombo {
		return CID{}, fmt.Errorf("MMC card %s: %w (%.64q cards have no CID to decode)", c.Dev, ErrUnknownType, t)
	}
	raw, err := ParseCIDHex(c.CID)
	if err != nil {
		return CID{}, fmt.Errorf("MMC card %s: sysfs cid: %w", c.Dev, err)
	}
	rev := UnknownExtCSDRev
	if r, ok := c.Attrs["rev"]; ok {
		if v, err := strconv.ParseUint(strings.TrimPrefix(r, "0x"), 16, 8); err == nil {
			rev = int(v)
		}
	}
	return DecodeCID(raw, t, rev)
}

// Internal returns the one soldered eMMC: a card of type MMC that is not
// known to be removable (type MMC is eMMC in practice; removable MMC cards
// died out long ago). None or several is an error.
func Internal(cards []Card) (Card, error) {
	return only(cards, func(c Card) bool { return c.Type == TypeMMC && c.Removable != RemovableCard }, "a non-removable card of type MMC (eMMC)")
}

// SDCard returns the one SD card (type SD or SDcombo).
func SDCard(cards []Card) (Card, error) {
	return only(cards, func(c Card) bool { return c.Type == TypeSD || c.Type == TypeSDCombo }, "a card of type SD")
}

func only(cards []Card, ok func(Card) bool, what string) (Card, error) {
	var found []Card
	for _, c := range cards {
		if ok(c) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Card{}, fmt.Errorf("%w: want %s under /%s", ErrNoCard, what, busDir)
	}
	names := make([]string, len(found))
	for i, c := range found {
		names[i] = c.Dev
	}
	return Card{}, fmt.Errorf("%w: %s are each %s; use file:/%s to pick one", ErrManyCards, strings.Join(names, ", "), what, path.Join(busDir, found[0].Dev, "cid"))
}
