//go:build !identityonly

package main

import "io"

const eepromUsage = `usage: hwident eeprom SUBCOMMAND [flags]   (hwident eeprom SUBCOMMAND --help)

subcommands:
  decode   decode an EEPROM image (ONIE, IPMI FRU, AM335x, RPi HAT, EUI-48/64)
  read     read raw bytes from an I²C EEPROM
`

// runEEPROM dispatches `hwident eeprom decode|read`.
func runEEPROM(a *app, args []string) error {
	if len(args) == 0 {
		return usageErr("eeprom: no subcommand given\n\n%s", eepromUsage)
	}
	switch args[0] {
	case "decode":
		return runEEPROMDecode(a, args[1:])
	case "read":
		return runEEPROMRead(a, args[1:])
	case "-h", "--help", "-help", "help":
		_, err := io.WriteString(a.stdout, eepromUsage)
		return err
	}
	return usageErr("eeprom: unknown subcommand %q\n\n%s", args[0], eepromUsage)
}
