package main

// coreCommands are in every build, including -tags identityonly.
func coreCommands() []command {
	return []command{
		{"identity", "print the device identity (Mender key=value lines, JSON or hash)", runIdentity},
		{"show", "list every hardware identifier found and whether it is usable", runShow},
		{"cid", "decode an eMMC or SD card CID as the kernel shows it", runCID},
		{"eeprom", "decode EEPROM images (ONIE, FRU, AM335x, HAT, EUI) and read I²C EEPROMs", runEEPROM},
		{"version", "print the version", runVersion},
	}
}
