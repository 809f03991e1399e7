// Package modem reads the transport identifiers of cellular modems: the
// modem's IMEI and its SIM's ICCID, IMSI and home operator (MCC/MNC). They
// belong in the inventory, never in an identity: SIMs are swapped, and so are
// modems on a removable port or module slot. A modem soldered to the board
// (see Modem.Soldered) is the one exception whose IMEI may be offered.
//
// Two ways in: ModemManager's D-Bus API when ModemManager runs (it owns the
// modem's ports, so nothing else may talk on them), else the modem's AT port
// directly. The modems themselves are found in sysfs.
package modem

import (
	"fmt"
	"strings"
)

// Modem is what one modem reports. A field is "" when the modem did not
// say (no SIM, a PIN-locked SIM for the IMSI, a modem without the command).
type Modem struct {
	Device string // sysfs device directory of the modem, e.g. sys/devices/.../usb1/1-1/1-1.3
	Via    string // "modemmanager" or the AT port read, e.g. "ttyUSB2"
	IMEI   string
	ICCID  string
	IMSI   string
	MCC    string // home operator of the SIM
	MNC    string
	// Removable is the kernel's removable attribute of the modem's USB
	// port: "removable", "fixed", "unknown", or "" when there is none.
	Removable string
	// Errs are the reads that failed; the fields they would fill are "".
	Errs []error
}

// Soldered reports whether the modem is known to be fixed to the board: its
// port says "fixed". "unknown" (most embedded boards) and no answer at all
// are not soldered: the IMEI of a modem that may be swapped must not
// identify the device. A module in an M.2 or mini-PCIe slot behind a fixed
// port still reads as fixed, which is why the IMEI stays opt-in.
func (m Modem) Soldered() bool { return m.Removable == "fixed" }

// Error is the type of the sentinel errors: constants, so the device build
// runs no initialisation code for them.
type Error string

func (e Error) Error() string { return string(e) }

// Sentinel errors; wrap them with context and test with errors.Is.
const (
	ErrTimeout     = Error("modem did not answer in time")
	ErrNoSIM       = Error("no SIM")
	ErrSIMLocked   = Error("SIM is PIN-locked")
	ErrNoAnswer    = Error("modem gave no usable answer")
	ErrNotAT       = Error("port does not answer AT commands")
	ErrNoService   = Error("ModemManager is not running")
	ErrBadReply    = Error("malformed reply")
	ErrReplyTooBig = Error("reply too long")
)

// CommandError is a final result code other than OK: ERROR, +CME ERROR: N
// or +CMS ERROR: N.
type CommandError struct {
	Command string // e.g. "AT+CIMI"
	Result  string // the modem's final line, e.g. "+CME ERROR: 10"
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("%s: modem answered %.64q", e.Command, e.Result)
}

// Is makes the 3GPP TS 27.007 SIM errors match ErrNoSIM and ErrSIMLocked:
// +CME ERROR 10 (SIM not inserted), 11 and 12 (SIM PIN, PUK required),
// numeric or verbose (AT+CMEE=1 or 2).
func (e *CommandError) Is(target error) bool {
	v, ok := strings.CutPrefix(e.Result, "+CME ERROR:")
	v = "|" + strings.ToLower(strings.TrimSpace(v)) + "|"
	switch {
	case !ok || strings.Count(v, "|") != 2:
		return false
	case target == ErrNoSIM:
		return strings.Contains("|10|sim not inserted|", v)
	case target == ErrSIMLocked:
		return strings.Contains("|11|12|sim pin required|sim puk required|", v)
	}
	return false
}
