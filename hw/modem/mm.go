package modem

import (
	"fmt"
	"io"
	"strconv"
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
	// Authenticate as uid (SASL EXTERNAL, the uid's decimal digits each
	// as two hex digits: "0" is "30") and say Hello, as every client of a
	// message bus must.
	auth := []byte("\x00AUTH EXTERNAL ")
	for _, c := range []byte(strconv.Itoa(uid)) {
		auth = append(auth, '3', c)
	}
	_, err := conn.Write(append(auth, "\r\n"...))
	// Byte by byte: nothing may be read past the line, the messages follow.
	var line []byte
	for c := []byte{0}; err == nil && c[0] != '\n'; line = append(line, c[0]) {
		if _, err = io.ReadFull(conn, c); len(line) == 512 {
			err = ErrReplyTooBig
		}
	}
	if err == nil && !strings.HasPrefix(string(line), "OK ") {
		err = fmt.Errorf("bus answered %.64q", line)
	}
	if err == nil {
		_, err = io.WriteString(conn, "BEGIN\r\n")
	}
	if err != nil {
		return nil, fmt.Errorf("d-bus auth: %w", err)
	}
	b := &bus{rw: conn}
	if _, err := b.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello"); err != nil {
		return nil, err
	}
	xml, err := b.call(mmService, mmModems, "org.freedesktop.DBus.Introspectable", "Introspect")
	if err != nil {
		return nil, err
	}
	var out []Modem
	// The <node name="N"/> children that are modem numbers.
	for _, part := range strings.Split(xml, "<node name=\"")[1:] {
		n, _, _ := strings.Cut(part, "\"")
		if !isDigits(n) || len(n) >= 10 {
			continue
		}
		// The modem object and its SIM.
		path := mmModems + "/" + n
		m := Modem{Via: "modemmanager"}
		if dev := b.get(&m, path, mmModem, "Device"); strings.HasPrefix(dev, "/sys/devices/") && !strings.Contains(dev, "..") {
			m.Device = dev[1:]
		}
		imei := b.get(nil, path, mmModem3gp, "Imei")
		if imei == "" {
			imei = b.get(nil, path, mmModem, "EquipmentIdentifier")
		}
		if ValidIMEI(imei) {
			m.IMEI = imei
		} else if imei != "" {
			m.Errs = append(m.Errs, fmt.Errorf("IMEI %.64q: %w", imei, ErrBadReply))
		}
		errs := len(m.Errs)
		sim := b.get(&m, path, mmModem, "Sim")
		switch {
		case sim == "" || sim == "/":
			if len(m.Errs) == errs {
				m.Errs = append(m.Errs, ErrNoSIM)
			}
		default:
			if v := strings.TrimRight(b.get(&m, sim, mmSim, "SimIdentifier"), "Ff"); ValidICCID(v) {
				m.ICCID = v
			} else if v != "" {
				m.Errs = append(m.Errs, fmt.Errorf("ICCID %.64q: %w", v, ErrBadReply))
			}
			// ModemManager reads the IMSI only once the SIM is unlocked.
			if v := b.get(&m, sim, mmSim, "Imsi"); ValidIMSI(v) {
				m.IMSI = v
			}
			if v := b.get(nil, sim, mmSim, "OperatorIdentifier"); (len(v) == 5 || len(v) == 6) && isDigits(v) {
				m.MCC, m.MNC = v[:3], v[3:]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// get reads a string property; "" when it cannot, which is an error in
// m.Errs unless m is nil.
func (b *bus) get(m *Modem, path, iface, prop string) string {
	v, err := b.call(mmService, path, "org.freedesktop.DBus.Properties", "Get", iface, prop)
	if err != nil && m != nil {
		m.Errs = append(m.Errs, fmt.Errorf("%s %s: %w", path[strings.LastIndexByte(path, '/')+1:], prop, err))
	}
	return v
}
