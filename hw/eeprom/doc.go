// Package eeprom reads I²C EEPROMs and decodes the identity formats boards
// keep in them: ONIE TlvInfo, IPMI FRU, the TI AM335x/BeagleBone header,
// Raspberry Pi HAT/HAT+ and the factory EUI-48/EUI-64 of Microchip and
// Atmel parts.
//
// Decoders are pure functions over a byte image; malformed input yields a
// *FormatError naming the format and the byte offset. Reading goes through
// a periph i2c.Bus, an SMBus handle when the adapter cannot do plain I²C
// transfers, or the at24 driver's sysfs file, all behind Device.
package eeprom
