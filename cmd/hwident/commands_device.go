//go:build !identityonly

package main

// deviceCommands are left out of the -tags identityonly build.
func deviceCommands() []command {
	return []command{
		{"cid", "decode an eMMC or SD card CID as the kernel shows it", runCID},
		{"eeprom", "decode EEPROM images (ONIE, FRU, AM335x, HAT, EUI) and read I²C EEPROMs", runEEPROM},
		{"label", "print a QR label of the identity (zpl, tspl, png, svg, txt), or decode a scanned one", runLabel},
		{"product", "store or print the product serial this device is bound to", runProduct},
		{"inventory", "print Mender inventory attributes (installed as mender-inventory-hwident)", runInventory},
	}
}
