//go:build !identityonly

package main

import (
	"cmp"
	"errors"
	"io"
	"io/fs"

	"github.com/hwident/hwident/hw/board"
	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/identity"
)

// emmcManufacturer names the eMMC manufacturer IDs the Linux kernel names
// in drivers/mmc/core/card.h; others are shown as the raw manfid.
func emmcManufacturer(manfid string) string {
	switch manfid {
	case "0x000011":
		return "Toshiba"
	case "0x000013":
		return "Micron"
	case "0x000015":
		return "Samsung"
	case "0x000027":
		return "Apacer"
	case "0x000045":
		return "SanDisk"
	case "0x00005d":
		return "Swissbit"
	case "0x000070":
		return "Kingston"
	case "0x000090":
		return "SK hynix"
	}
	return manfid
}

// emmcFacts describes the soldered eMMC: manufacturer, product name and
// manufacturing date as the kernel decodes them.
func (m *machine) emmcFacts() (identity.Identity, error) {
	cards, err := m.mmcCards()
	if err != nil {
		return nil, err
	}
	hasMMC := false
	for _, c := range cards {
		hasMMC = hasMMC || c.Type == mmc.TypeMMC
	}
	if !hasMMC {
		return nil, nil
	}
	c, err := mmc.Internal(cards)
	if err != nil {
		return nil, err
	}
	return identity.Identity{
		{Key: "emmc_manufacturer", Value: emmcManufacturer(c.Attrs["manfid"])},
		{Key: "emmc_name", Value: c.Attrs["name"]},
		{Key: "emmc_date", Value: c.Attrs["date"]},
	}, nil
}

// at24Files are the EEPROMs the at24 driver exposes. Reading them needs no
// bus access of our own and never touches other nvmem devices (fuses may
// hold keys).
const at24Files = "sys/bus/i2c/devices/*/eeprom"

// eepromFacts reports product name, part number and serial from the first
// at24 EEPROM holding a known format (ONIE, FRU, AM335x, HAT). Blank and
// unknown chips are not errors.
func (m *machine) eepromFacts() (identity.Identity, error) {
	files, err := fs.Glob(m.fsys, at24Files)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, name := range files {
		d, err := m.decodeEEPROMFile(name)
		if errors.Is(err, eeprom.ErrBlank) || errors.Is(err, eeprom.ErrUnknownFormat) {
			continue
		}
		if err != nil {
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		get := d.Fields.Get
		facts := identity.Identity{
			{Key: "eeprom_product_name", Value: firstField(get, "product_name", "board_product", "product", "board_name")},
			{Key: "eeprom_part_number", Value: firstField(get, "part_number", "product_part_number", "board_part_number", "product_id")},
			{Key: "eeprom_serial", Value: firstField(get, "serial_number", "product_serial", "board_serial", "serial")},
		}
		return facts, nil
	}
	return nil, firstErr
}

func (m *machine) decodeEEPROMFile(name string) (*eeprom.Decoded, error) {
	f, err := m.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, ok := f.(io.ReaderAt)
	if !ok {
		return nil, errors.New(name + ": cannot read at offsets")
	}
	img, err := eeprom.Load(r, "auto")
	if err != nil {
		return nil, err
	}
	return eeprom.Decode("auto", img)
}

// socFacts reports the SoC model (soc_id), not its per-unit serial: the
// fleet UI shows what the board is; the serial may be part of the identity.
func (m *machine) socFacts() (identity.Identity, error) {
	s, err := board.ReadSoC(m.fsys)
	if isAbsent(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return identity.Identity{{Key: "soc_id", Value: s.ID}}, nil
}

// boardFacts reports the board name: the device-tree model, else DMI's
// board_name.
func (m *machine) boardFacts() (identity.Identity, error) {
	name, err := board.ReadDTString(m.fsys, "model")
	if isAbsent(err) {
		name, err = dmi.ReadSysfs(m.fsys, "board_name")
	}
	if isAbsent(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return identity.Identity{{Key: "board_name", Value: name}}, nil
}
