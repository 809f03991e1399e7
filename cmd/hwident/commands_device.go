//go:build !identityonly

package main

import (
	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/identity"
)

// deviceCommands are left out of the -tags identityonly build.
func deviceCommands() []cli.Command {
	return []cli.Command{
		{Name: "cid", Summary: "decode an eMMC or SD card CID as the kernel shows it", Run: cli.Subcommands,
			Help: "decode prints the fields of a CID as the kernel's sysfs files show them (docs/cid.md).\n",
			Sub:  []cli.Command{{Name: "decode", Synopsis: "cid decode HEX [--type mmc|sd] [--ext-csd-rev N]", Run: runCIDDecode}}},
		{Name: "eeprom", Summary: "decode EEPROM images (ONIE, FRU, AM335x, HAT, EUI) and read I²C EEPROMs",
			Run: cli.Subcommands, Help: "decode decodes an EEPROM image (ONIE, IPMI FRU, AM335x, RPi HAT, EUI-48/64),\nread reads raw bytes from an I²C EEPROM.\n",
			Sub: []cli.Command{
				{Name: "decode", Synopsis: "eeprom decode [--format FORMAT] [--json] FILE|-", Run: runEEPROMDecode},
				{Name: "read", Synopsis: "eeprom read --bus N --addr 0xAA [--offset O] [--len L] [--addr16|--addr8] [--out FILE]", Run: runEEPROMRead},
			}},
		{Name: "label", Summary: "print a QR label of the identity (zpl, tspl, png, svg, txt), or decode a scanned one",
			Synopsis: labelSynopsis, Run: runLabel,
			Sub: []cli.Command{{Name: "decode", Synopsis: "label decode PAYLOAD|-   (- reads one scan from stdin)", Run: labelDecode}}},
		{Name: "product", Summary: "store or print the product serial this device is bound to",
			Run: cli.Subcommands, Help: "Stores or prints the product serial this device was bound to at the\nstation. The file is @product-serial in /etc/hwident.conf, by default\n" +
				identity.DefaultProductSerialPath + " under the root.\n",
			Sub: []cli.Command{
				{Name: "set", Synopsis: "product set [--root DIR] [--config FILE] SERIAL", Run: productSet},
				{Name: "get", Synopsis: "product get [--root DIR] [--config FILE]", Run: productGet},
			}},
		{Name: "inventory", Summary: "print Mender inventory attributes (installed as mender-inventory-hwident)",
			Synopsis: "inventory [--root DIR] [--config FILE]", Run: runInventory},
	}
}
