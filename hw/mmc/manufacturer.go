package mmc

// EMMCManufacturer names the eMMC manufacturer IDs the Linux kernel names
// in drivers/mmc/core/card.h, given as the sysfs manfid ("0x000015");
// others are returned as given.
func EMMCManufacturer(manfid string) string {
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
