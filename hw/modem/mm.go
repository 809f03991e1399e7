package modem

import (
	"fmt"
	"io"
	"strings"
)

// ModemManager's D-Bus names (ModemManager API reference,
// org.freedesktop.ModemManager1.Modem and .Sim).
const (
	mmService  = "org.freedesktop.ModemManager1"
	mmModems   = "/org/freedesktop/ModemManager1/Modem"
	mmModem    = "org.freedesktop.ModemManager1.Modem"
	mmModem3gp = "org.freedesktop.ModemManager1.Modem.Modem3gpp"
	mmSim      = "org.freedesktop.ModemManager1.Sim"
)

// QueryModemManager asks ModemManager, over a D-Bus connection to the system
// bus, for every modem it manages and its SIM. It fails with an error
// matching ErrNoService when ModemManager is not running (then the AT ports
// are free). uid is the caller's user id, which the bus checks.
//
// The modems are the children of /org/freedesktop/ModemManager1/Modem in
// its introspection data (GDBus, which ModemManager uses, lists the child
// nodes of any path that has objects below it: what busctl tree shows);
// each value is one
// Properties.Get, whose reply is a single string. GetManagedObjects would
// give all at once, but its nested dictionaries need a general decoder
// that costs the device build more than these few calls.
func QueryModemManager(conn io.ReadWriter, uid int) ([]Modem, error) {
	b, err := newBus(conn, uid)
	if err != nil {
		return nil, err
	}
	xml, err := b.call(mmService, mmModems, "org.freedesktop.DBus.Introspectable", "Introspect")
	if err != nil {
		return nil, err
	}
	var out []Modem
	for _, n := range childNodes(xml) {
		path := mmModems + "/" + n
		m := Modem{Via: "modemmanager"}
		dev, err := b.get(path, mmModem, "Device")
		if err != nil {
			m.Errs = append(m.Errs, err)
		} else if strings.HasPrefix(dev, "/sys/devices/") && !strings.Contains(dev, "..") {
			m.Device = dev[1:]
		}
		imei, err := b.get(path, mmModem3gp, "Imei")
		if err != nil || imei == "" {
			imei, _ = b.get(path, mmModem, "EquipmentIdentifier")
		}
		if ValidIMEI(imei) {
			m.IMEI = imei
		} else if imei != "" {
			m.Errs = append(m.Errs, fmt.Errorf("IMEI %.64q: %w", imei, ErrBadReply))
		}
		sim, err := b.get(path, mmModem, "Sim")
		switch {
		case err != nil:
			m.Errs = append(m.Errs, err)
		case sim == "" || sim == "/":
			m.Errs = append(m.Errs, ErrNoSIM)
		default:
			m.readSIM(b, sim)
		}
		out = append(out, m)
	}
	return out, nil
}

// get reads a string property.
func (b *bus) get(path, iface, prop string) (string, error) {
	v, err := b.call(mmService, path, "org.freedesktop.DBus.Properties", "Get", iface, prop)
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", path[strings.LastIndexByte(path, '/')+1:], prop, err)
	}
	return v, nil
}

func (m *Modem) readSIM(b *bus, sim string) {
	if v, err := b.get(sim, mmSim, "SimIdentifier"); err != nil {
		m.Errs = append(m.Errs, err)
	} else if v = strings.TrimRight(v, "Ff"); ValidICCID(v) {
		m.ICCID = v
	} else if v != "" {
		m.Errs = append(m.Errs, fmt.Errorf("ICCID %.64q: %w", v, ErrBadReply))
	}
	// ModemManager reads the IMSI only once the SIM is unlocked.
	if v, err := b.get(sim, mmSim, "Imsi"); err != nil {
		m.Errs = append(m.Errs, err)
	} else if ValidIMSI(v) {
		m.IMSI = v
	}
	if v, _ := b.get(sim, mmSim, "OperatorIdentifier"); (len(v) == 5 || len(v) == 6) && isDigits(v) {
		m.MCC, m.MNC = v[:3], v[3:]
	}
}

// childNodes returns the names of the <node name="N"/> children in
// introspection XML that are modem numbers.
func childNodes(xml string) []string {
	var out []string
	for _, part := range strings.Split(xml, "<node name=\"")[1:] {
		if n, _, ok := strings.Cut(part, "\""); ok && isDigits(n) && len(n) < 10 {
			out = append(out, n)
		}
	}
	return out
}
