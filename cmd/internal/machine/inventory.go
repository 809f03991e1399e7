//go:build !identityonly

package machine

import (
	"cmp"
	"errors"
	"io/fs"
	"strings"

	"github.com/hwident/hwident/hw/board"
	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/hw/mmc"
	"github.com/hwident/hwident/identity"
)

// Inventory attribute names besides the hardware facts. identity_sha256
// is the identity hash the Mender server keeps for the device (`hwident
// identity --format id`), so the fleet UI can be matched against the
// station's ledger.
const (
	InventoryProductSerial = "product_serial"
	InventoryIdentityHash  = "identity_sha256"
)

// Inventory is what `hwident inventory` reports, in this order: the
// product serial, the hash of the identity resolve gives for the config
// (the caller's, as it pins the identity), each @inventory-cert
// certificate, the hardware facts; and for each source that failed what
// and why. A source that fails is skipped on its own; a product serial
// not stored yet is no attribute and no failure.
func (m *Machine) Inventory(cfgPath string, resolve func(*identity.Config) (identity.Identity, error)) (attrs identity.Identity, skipped []string) {
	if cfg, err := m.LoadConfig(cfgPath); err != nil {
		skipped = append(skipped, err.Error())
	} else {
		serial, err := m.ProductSerial(cfg.ProductSerial)
		switch {
		case err == nil:
			attrs = append(attrs, identity.Attr{Key: InventoryProductSerial, Value: serial})
		case !errors.Is(err, ErrNoProductSerial):
			skipped = append(skipped, err.Error())
		}
		if id, err := resolve(cfg); err != nil {
			skipped = append(skipped, "identity: "+err.Error())
		} else {
			attrs = append(attrs, identity.Attr{Key: InventoryIdentityHash, Value: id.ID()})
		}
		// One at a time: CertFacts stops at the first it cannot read, and
		// one bad file must not hide the certificates after it.
		for _, p := range cfg.InventoryCerts {
			certs, err := m.CertFacts([]string{p})
			attrs = append(attrs, certs...)
			if err != nil {
				skipped = append(skipped, err.Error())
			}
		}
	}
	facts, failed := m.InventoryFacts()
	return append(attrs, facts...), append(skipped, failed...)
}

// InventoryFacts are the hardware facts worth seeing in the fleet UI,
// usable values only, and for each group of facts that was skipped what
// it is and why ("eMMC: ..."). Absent hardware (fs.ErrNotExist) is no
// facts and no error; an error means the hardware is there but could not
// be read, and only its group is skipped.
func (m *Machine) InventoryFacts() (facts identity.Identity, skipped []string) {
	for _, g := range inventoryGroups {
		group, err := g.read(m)
		if err != nil {
			skipped = append(skipped, g.name+": "+err.Error())
			continue
		}
		for _, at := range group {
			if identity.CheckValue(at.Value) == nil {
				facts = append(facts, at)
			}
		}
	}
	return facts, skipped
}

var inventoryGroups = [...]struct {
	name string
	read func(m *Machine) (identity.Identity, error)
}{
	{"eMMC", (*Machine).emmcFacts},
	{"EEPROM", (*Machine).eepromFacts},
	{"SoC", (*Machine).socFacts},
	{"board", (*Machine).BoardFacts},
	{"modem", (*Machine).modemFacts},
}

// emmcFacts describes the soldered eMMC: manufacturer, product name and
// manufacturing date as the kernel decodes them.
func (m *Machine) emmcFacts() (identity.Identity, error) {
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
		{Key: "emmc_manufacturer", Value: mmc.EMMCManufacturer(c.Attrs["manfid"])},
		{Key: "emmc_name", Value: c.Attrs["name"]},
		{Key: "emmc_date", Value: c.Attrs["date"]},
	}, nil
}

// eepromFacts reports product name, part number and serial from the first
// at24 EEPROM holding a known format (ONIE, FRU, AM335x, HAT). Blank and
// unknown chips are not errors.
func (m *Machine) eepromFacts() (identity.Identity, error) {
	var firstErr error
	for _, name := range eeprom.At24Files(m.FS) {
		img, err := eeprom.LoadFile(m.FS, name, "auto")
		var d *eeprom.Decoded
		if err == nil {
			d, err = eeprom.Decode("auto", img)
		}
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

// socFacts reports the SoC model (soc_id), not its per-unit serial: the
// fleet UI shows what the board is; the serial may be part of the identity.
func (m *Machine) socFacts() (identity.Identity, error) {
	s, err := board.ReadSoC(m.FS)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return identity.Identity{{Key: "soc_id", Value: s.ID}}, nil
}

// BoardFacts reports the board name: the device-tree model, else DMI's
// board_name.
func (m *Machine) BoardFacts() (identity.Identity, error) {
	name, err := board.ReadDTString(m.FS, "model")
	if errors.Is(err, fs.ErrNotExist) {
		name, err = dmi.ReadSysfs(m.FS, "board_name")
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return identity.Identity{{Key: "board_name", Value: name}}, nil
}

// firstField returns the first of keys that has a value.
func firstField(get func(string) (string, bool), keys ...string) string {
	for _, k := range keys {
		if v, ok := get(k); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
