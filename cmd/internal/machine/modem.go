//go:build !identityonly

package machine

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hwident/hwident/hw/modem"
	"github.com/hwident/hwident/identity"
)

// Cellular modem support: in the station and device builds, not in the
// identity-only build (its cost: docs/size.md).

// modemPorts are how the caller lets a machine reach its modems. Like
// OpenI2C they are the real root's only: nil, as under --root, is no
// ModemManager and no port opened (each modem says why).
type modemPorts struct {
	// DialModemManager connects to the system bus ModemManager answers on.
	DialModemManager func() (modem.Conn, error)
	// OpenModemPort opens a modem's AT port /dev/<name>.
	OpenModemPort func(name string) (modem.OpenPort, error)
}

// modemTimeout bounds each ModemManager query and each AT command: Mender
// stops an inventory script after 10 s, and a few ports may be tried.
const modemTimeout = time.Second

// errModemPortNotOpened is a modem port on a machine without
// OpenModemPort: under --root the port is this host's, not the machine's.
var errModemPortNotOpened = errors.New("AT ports are opened on the real root only, not under --root")

// modems reads the machine's cellular modems: from ModemManager on the
// system bus, else over their AT ports, both opened by the caller.
func (m *Machine) modems() ([]modem.Modem, error) {
	r := modem.Reader{
		FS:      m.FS,
		UID:     os.Getuid(),
		Timeout: modemTimeout,
		DialBus: m.DialModemManager,
		OpenPort: func(name string) (modem.OpenPort, error) {
			if name == "" || strings.ContainsAny(name, "/") || strings.HasPrefix(name, ".") {
				return nil, fmt.Errorf("port name %.64q from sysfs is no /dev entry", name)
			}
			if m.OpenModemPort == nil {
				return nil, errModemPortNotOpened
			}
			return m.OpenModemPort(name)
		},
	}
	return r.Read()
}

// Inventory attributes of the transport layer. With several modems each
// is a list, in the order the modems are found; a value a modem does not
// have is left out.
const (
	invModemIMEI = "modem_imei"
	invSIMICCID  = "sim_iccid"
	invSIMIMSI   = "sim_imsi"
	invSIMMCC    = "sim_mcc"
	invSIMMNC    = "sim_mnc"
)

// simKeys are the SIM's attributes in the order of Modem's fields.
var simKeys = [...]string{invSIMICCID, invSIMIMSI, invSIMMCC, invSIMMNC}

// modemFacts are the transport identifiers for the inventory: they show a
// SIM or modem swap in the fleet UI, and never touch the identity.
func (m *Machine) modemFacts() (identity.Identity, error) {
	ms, err := m.modems()
	if err != nil {
		return nil, err
	}
	var out identity.Identity
	add := func(k, v string) {
		if v != "" {
			out = append(out, identity.Attr{Key: k, Value: v})
		}
	}
	var errs []error
	for _, md := range ms {
		add(invModemIMEI, md.IMEI)
		for i, v := range []string{md.ICCID, md.IMSI, md.MCC, md.MNC} {
			add(simKeys[i], v)
		}
		if md.IMEI == "" && md.ICCID == "" {
			errs = append(errs, fmt.Errorf("%s: %w", modemName(md), errors.Join(md.Errs...)))
		}
	}
	if len(out) == 0 && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func modemName(md modem.Modem) string {
	if md.Device == "" {
		return "modem"
	}
	return "modem " + md.Device[strings.LastIndexByte(md.Device, '/')+1:]
}

// modemSource reads modem:imei (Read).
var modemSource = (*Machine).readModemSource

// readModemSource reads modem:imei: the IMEI of the one soldered modem. A
// modem on a removable or unknown port is refused: it is swapped in the
// field, and its IMEI with it.
func (m *Machine) readModemSource(arg string) (string, error) {
	ms, err := m.modems()
	if err != nil {
		return "", err
	}
	imei := ""
	for _, md := range ms {
		if md.IMEI == "" || !md.Soldered() {
			continue
		}
		if imei != "" {
			return "", errors.New("modem:imei: more than one soldered modem: which one is ambiguous")
		}
		imei = md.IMEI
	}
	switch {
	case imei != "":
		return imei, nil
	case len(ms) == 0:
		return "", errors.New("modem:imei: no cellular modem found")
	case !ms[0].Soldered():
		return "", fmt.Errorf("modem:imei: %s is on a port the kernel calls %q, not known to be soldered: a modem that can be swapped must not identify the device", modemName(ms[0]), ms[0].Removable)
	}
	return "", fmt.Errorf("modem:imei: %s gave no IMEI: %w", modemName(ms[0]), errors.Join(ms[0].Errs...))
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// showModem lists each modem's IMEI as the modem:imei source and its SIM's
// identifiers as inventory only.
func (m *Machine) showModem() []Candidate {
	ms, err := m.modems()
	if err != nil {
		return []Candidate{{Source: "modem:imei", Verdict: err.Error()}}
	}
	var out []Candidate
	for _, md := range ms {
		port := cmpOr(md.Removable, "not known to be fixed")
		imei := Candidate{Source: "modem:imei", Value: md.IMEI, Usable: md.IMEI != "" && md.Soldered(),
			Verdict: "not for identity: the modem's port is " + port + "; modems are swapped, and the IMEI goes with them",
			Facts:   []identity.Attr{{Key: "device", Value: md.Device}, {Key: "via", Value: md.Via}, {Key: "removable", Value: port}}}
		if imei.Usable {
			imei.Verdict = "usable with care: the modem's port is fixed (soldered, or a module in an internal slot); a modem replaced in service changes the identity: prefer a board serial"
		}
		out = append(out, imei)
		for i, v := range []string{md.ICCID, md.IMSI, md.MCC, md.MNC} {
			if v != "" {
				out = append(out, Candidate{Source: "inventory " + simKeys[i], Value: v,
					Verdict: "not for identity: SIMs are swapped; the inventory shows a swap"})
			}
		}
		for _, e := range md.Errs {
			out = append(out, Candidate{Source: "inventory " + modemName(md), Verdict: e.Error()})
		}
	}
	return out
}
