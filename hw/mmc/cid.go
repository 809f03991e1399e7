// Package mmc decodes MMC/SD card identification registers (CID) exactly as
// the Linux kernel presents them in sysfs, and lists the cards of a machine
// from its sysfs tree.
package mmc

import (
	"strconv"
	"strings"
)

// Type is a card type as the kernel's sysfs `type` attribute spells it.
type Type string

const (
	TypeMMC     Type = "MMC"
	TypeSD      Type = "SD"
	TypeSDIO    Type = "SDIO"
	TypeSDCombo Type = "SDcombo"
)

// ParseType accepts a type in any letter case ("mmc", "emmc", "sd").
func ParseType(s string) (Type, error) {
	switch strings.ToLower(s) {
	case "mmc", "emmc":
		return TypeMMC, nil
	case "sd":
		return TypeSD, nil
	}
	return "", ErrUnknownType
}

// UnknownExtCSDRev tells DecodeCID that the card's EXT_CSD revision is not
// known, so an eMMC manufacturing year cannot be decoded.
const UnknownExtCSDRev = -1

// CID is a decoded card identification register. Field meanings follow
// the kernel's struct mmc_cid; Attrs formats them as the sysfs files do.
type CID struct {
	Type   Type
	Raw    [16]byte
	ManfID uint8
	OEMID  uint16 // eMMC: bits 119:104, i.e. reserved + CBX + OID, as the kernel keeps it
	Name   string // eMMC: 6 characters, SD: 5, cut at the first NUL like %s
	PRV    uint8  // eMMC product revision
	HWRev  uint8  // SD: high nibble of PRV
	FWRev  uint8  // SD: low nibble of PRV
	Serial uint32
	Month  int
	Year   int // 0 when it cannot be decoded (eMMC without EXT_CSD revision)
}

// DecodeCID decodes a 16-byte CID (MSB first, as sysfs prints it). With t
// == "" the type is guessed (see GuessType). extCSDRev is the card's
// EXT_CSD_REV (sysfs `rev`); it only matters for eMMC dates, and
// UnknownExtCSDRev leaves the eMMC date undecoded.
func DecodeCID(raw [16]byte, t Type, extCSDRev int) (CID, error) {
	if t == "" {
		g, err := GuessType(raw)
		if err != nil {
			return CID{}, err
		}
		t = g
	}
	c := CID{Type: t, Raw: raw, ManfID: raw[0], OEMID: uint16(raw[1])<<8 | uint16(raw[2])}
	switch t {
	case TypeMMC:
		c.Name = cString(raw[3:9])
		c.PRV = raw[9]
		c.Serial = be32(raw[10:14])
		c.Month = int(raw[14] >> 4)
		c.Year = mmcYear(int(raw[14]&0x0f), c.ManfID, extCSDRev)
	case TypeSD, TypeSDCombo:
		c.Name = cString(raw[3:8])
		c.HWRev, c.FWRev = raw[8]>>4, raw[8]&0x0f
		c.Serial = be32(raw[9:13])
		c.Year = sdYear(raw)
		c.Month = int(raw[14] & 0x0f)
	default:
		return CID{}, ErrUnknownType
	}
	return c, nil
}

// sandiskMMC is the eMMC manufacturer ID the kernel gives the "broken MDT"
// quirk (year codes 2010–2012 mean 2026–2028 on EXT_CSD_REV 5–8).
const sandiskMMC = 0x45

// mmcYear applies the kernel's JEDEC year rules (drivers/mmc/core/mmc.c):
// the 4-bit code counts from 1997; EXT_CSD_REV ≥ 5 (eMMC 4.41+) rolls
// 1997–2009 over to 2013–2025; EXT_CSD_REV ≥ 9 (JESD84-B51B, 2025) rolls
// everything before 2023 over once more (2029–2038 for codes 0–9).
func mmcYear(code int, manfid uint8, extCSDRev int) int {
	if extCSDRev < 0 {
		return 0
	}
	y := 1997 + code
	if extCSDRev >= 5 {
		if y < 2010 {
			y += 16
		}
		if extCSDRev >= 9 {
			if y < 2023 {
				y += 16
			}
		} else if manfid == sandiskMMC && y >= 2010 && y <= 2012 {
			y += 16
		}
	}
	return y
}

// Attr is one decoded field under the name and in the text format of the
// kernel's sysfs attribute file (without the newline).
type Attr struct {
	Name  string
	Value string
}

// Attrs returns the fields as the kernel's sysfs files print them:
// manfid 0x%06x, oemid 0x%04x, name %s, prv (eMMC) or hwrev and fwrev (SD)
// 0x%x, serial 0x%08x, date %02d/%04d. An undecodable eMMC date is left out.
func (c CID) Attrs() []Attr {
	// Room for every field at once, and no [4]Attr literal (its array type
	// would bring a descriptor and an equality function).
	a := append(make([]Attr, 0, 8),
		Attr{"type", string(c.Type)},
		Attr{"manfid", "0x" + hexPad(uint64(c.ManfID), 6)},
		Attr{"oemid", "0x" + hexPad(uint64(c.OEMID), 4)},
		Attr{"name", c.Name})
	if c.Type == TypeMMC {
		a = append(a, Attr{"prv", "0x" + strconv.FormatUint(uint64(c.PRV), 16)})
	} else {
		a = append(a,
			Attr{"hwrev", "0x" + strconv.FormatUint(uint64(c.HWRev), 16)},
			Attr{"fwrev", "0x" + strconv.FormatUint(uint64(c.FWRev), 16)})
	}
	a = append(a, Attr{"serial", "0x" + hexPad(uint64(c.Serial), 8)})
	if d := c.Date(); d != "" {
		a = append(a, Attr{"date", d})
	}
	return a
}

// Date is the kernel's `date` attribute, MM/YYYY, or "" when the year is
// unknown.
func (c CID) Date() string {
	if c.Year == 0 {
		return ""
	}
	return pad(strconv.Itoa(c.Month), 2) + "/" + pad(strconv.Itoa(c.Year), 4)
}

// Hex is the CID as sysfs `cid` shows it: 32 lowercase hex digits.
func (c CID) Hex() string { return hexBytes(c.Raw[:]) }

func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func hexPad(v uint64, n int) string { return pad(strconv.FormatUint(v, 16), n) }

// pad left-pads s with zeros to n bytes. n is at most 8: a loop, not
// strings.Repeat (docs/size.md; nothing else in the identity-only build
// uses it).
func pad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

func hexBytes(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}
