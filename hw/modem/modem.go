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
	"errors"
	"fmt"
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

// Sentinel errors; wrap them with context and test with errors.Is.
var (
	ErrTimeout     = errors.New("modem did not answer in time")
	ErrNoSIM       = errors.New("no SIM")
	ErrSIMLocked   = errors.New("SIM is PIN-locked")
	ErrNoAnswer    = errors.New("modem gave no usable answer")
	ErrNotAT       = errors.New("port does not answer AT commands")
	ErrNoService   = errors.New("ModemManager is not running")
	ErrBadReply    = errors.New("malformed reply")
	ErrReplyTooBig = errors.New("reply too long")
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

// Is makes the 3GPP TS 27.007 SIM errors match ErrNoSIM and ErrSIMLocked.
func (e *CommandError) Is(target error) bool {
	switch target {
	case ErrNoSIM:
		return cmeCode(e.Result, "10", "sim not inserted")
	case ErrSIMLocked:
		return cmeCode(e.Result, "11", "sim pin required") || cmeCode(e.Result, "12", "sim puk required")
	}
	return false
}
