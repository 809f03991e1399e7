package modem

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// ModemManager's D-Bus names (ModemManager API reference,
// org.freedesktop.ModemManager1.Modem and .Sim).
const (
	mmService  = "org.freedesktop.ModemManager1"
	mmPath     = "/org/freedesktop/ModemManager1"
	mmModem    = "org.freedesktop.ModemManager1.Modem"
	mmModem3gp = "org.freedesktop.ModemManager1.Modem.Modem3gpp"
	mmSim      = "org.freedesktop.ModemManager1.Sim"
)

// QueryModemManager asks ModemManager, over a D-Bus connection to the system
// bus, for every modem it manages and its SIM. It fails with an error
// matching ErrNoService when ModemManager is not running (then the AT ports
// are free). uid is the caller's user id, which the bus checks.
func QueryModemManager(conn io.ReadWriter, uid int) ([]Modem, error) {
	b, err := newBus(conn, uid)
	if err != nil {
		return nil, err
	}
	body, err := b.call(mmService, mmPath, "org.freedesktop.DBus.ObjectManager", "GetManagedObjects")
	if err != nil {
		return nil, err
	}
	objs, ok := first(body).([]DictEntry)
	if !ok {
		return nil, fmt.Errorf("ModemManager GetManagedObjects: %w: not a{oa{sa{sv}}}", ErrBadReply)
	}
	var out []Modem
	for _, o := range objs {
		ifaces, _ := o.Value.([]DictEntry)
		props, ok := lookup(ifaces, mmModem).([]DictEntry)
		if !ok {
			continue
		}
		m := Modem{Via: "modemmanager"}
		if dev, _ := lookup(props, "Device").(string); strings.HasPrefix(dev, "/sys/devices/") && !strings.Contains(dev, "..") {
			m.Device = dev[1:]
		}
		p3gpp, _ := lookup(ifaces, mmModem3gp).([]DictEntry)
		imei, _ := lookup(p3gpp, "Imei").(string)
		if imei == "" {
			imei, _ = lookup(props, "EquipmentIdentifier").(string)
		}
		if ValidIMEI(imei) {
			m.IMEI = imei
		} else if imei != "" {
			m.Errs = append(m.Errs, fmt.Errorf("IMEI %.64q: %w", imei, ErrBadReply))
		}
		if sim, _ := lookup(props, "Sim").(string); sim != "" && sim != "/" {
			if err := m.readSIM(b, sim); err != nil {
				m.Errs = append(m.Errs, err)
			}
		} else {
			m.Errs = append(m.Errs, ErrNoSIM)
		}
		out = append(out, m)
	}
	return out, nil
}

func (m *Modem) readSIM(b *bus, simPath string) error {
	body, err := b.call(mmService, simPath, "org.freedesktop.DBus.Properties", "GetAll", mmSim)
	if err != nil {
		return fmt.Errorf("SIM %.64s: %w", simPath, err)
	}
	p, _ := first(body).([]DictEntry)
	var errs []error
	if v, _ := lookup(p, "SimIdentifier").(string); ValidICCID(strings.TrimRight(v, "Ff")) {
		m.ICCID = strings.TrimRight(v, "Ff")
	} else if v != "" {
		errs = append(errs, fmt.Errorf("ICCID %.64q: %w", v, ErrBadReply))
	}
	// ModemManager reads the IMSI only once the SIM is unlocked.
	if v, _ := lookup(p, "Imsi").(string); ValidIMSI(v) {
		m.IMSI = v
	} else if v != "" {
		errs = append(errs, fmt.Errorf("IMSI %.64q: %w", v, ErrBadReply))
	}
	if v, _ := lookup(p, "OperatorIdentifier").(string); (len(v) == 5 || len(v) == 6) && isDigits(v) {
		m.MCC, m.MNC = v[:3], v[3:]
	}
	return errors.Join(errs...)
}

func first(body []any) any {
	if len(body) == 0 {
		return nil
	}
	return body[0]
}

func lookup(entries []DictEntry, key string) any {
	for _, e := range entries {
		if k, _ := e.Key.(string); k == key {
			return e.Value
		}
	}
	return nil
}
