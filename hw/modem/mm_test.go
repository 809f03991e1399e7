//go:build linux

package modem

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

type mmCapture struct {
	Modems []struct {
		Path, Device, Manufacturer, Model, Revision, Plugin, Sim string
		EquipmentIdentifier                                      string `json:"equipment_identifier"`
		IMEI                                                     string `json:"imei"`
		PrimaryPort                                              string `json:"primary_port"`
		OperatorCode                                             string `json:"operator_code"`
		Drivers                                                  []string
		Ports                                                    [][2]any
	}
	Sims map[string]struct {
		IMSI, ICCID        string
		OperatorIdentifier string `json:"operator_identifier"`
		OperatorName       string `json:"operator_name"`
	}
}

func loadCapture(t *testing.T) mmCapture {
	t.Helper()
	b, err := os.ReadFile("testdata/mm_quectel_eg91.json")
	if err != nil {
		t.Fatal(err)
	}
	var c mmCapture
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// managedObjects are ModemManager's objects for the capture, with the
// D-Bus types of its API (a(su) ports, a{uu} unlock retries, (ub) signal
// quality, ...); the fake bus answers Properties.Get from them.
func (c mmCapture) managedObjects() map[dbus.ObjectPath]map[string]map[string]dbus.Variant {
	out := map[dbus.ObjectPath]map[string]map[string]dbus.Variant{}
	for _, m := range c.Modems {
		type port struct {
			Name string
			Type uint32
		}
		var ports []port
		for _, p := range m.Ports {
			ports = append(ports, port{p[0].(string), uint32(p[1].(float64))})
		}
		out[dbus.ObjectPath(m.Path)] = map[string]map[string]dbus.Variant{
			"org.freedesktop.DBus.Properties": {},
			mmModem: {
				"Sim":                 dbus.MakeVariant(dbus.ObjectPath(m.Sim)),
				"Device":              dbus.MakeVariant(m.Device),
				"EquipmentIdentifier": dbus.MakeVariant(m.EquipmentIdentifier),
				"Manufacturer":        dbus.MakeVariant(m.Manufacturer),
				"Model":               dbus.MakeVariant(m.Model),
				"Revision":            dbus.MakeVariant(m.Revision),
				"Plugin":              dbus.MakeVariant(m.Plugin),
				"Drivers":             dbus.MakeVariant(append([]string{}, m.Drivers...)),
				"PrimaryPort":         dbus.MakeVariant(m.PrimaryPort),
				"Ports":               dbus.MakeVariant(ports),
				"State":               dbus.MakeVariant(int32(8)),
				"SignalQuality": dbus.MakeVariant(struct {
					V uint32
					R bool
				}{0, false}),
				"UnlockRetries":                dbus.MakeVariant(map[uint32]uint32{2: 3, 3: 10}),
				"SupportedModes":               dbus.MakeVariant([][]uint32{{4, 0}, {14, 8}}),
				"MaxBearers":                   dbus.MakeVariant(uint32(1)),
				"PowerState":                   dbus.MakeVariant(uint32(3)),
				"SupportedBands":               dbus.MakeVariant([]uint32{1, 2, 31}),
				"SignalRate":                   dbus.MakeVariant(uint64(0)),
				"AccessTechnologies":           dbus.MakeVariant(uint32(0)),
				"CarrierConfigurationRevision": dbus.MakeVariant(""),
			},
			mmModem3gp: {
				"Imei":                 dbus.MakeVariant(m.IMEI),
				"OperatorCode":         dbus.MakeVariant(m.OperatorCode),
				"RegistrationState":    dbus.MakeVariant(uint32(0)),
				"EnabledFacilityLocks": dbus.MakeVariant(uint32(0)),
			},
		}
	}
	return out
}

// fakeBus is a message bus with a ModemManager behind it, on one end of a
// socket pair. Requests are decoded and replies encoded with godbus.
type fakeBus struct {
	t       *testing.T
	conn    *os.File
	objects map[dbus.ObjectPath]map[string]map[string]dbus.Variant // nil: ModemManager is not running
	sims    map[string]map[string]any                              // GetAll replies by SIM path
	calls   []string
}

func startFakeBus(t *testing.T, objects map[dbus.ObjectPath]map[string]map[string]dbus.Variant, sims map[string]map[string]any) (*os.File, *fakeBus) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	syscall.SetNonblock(fds[0], true)
	client, server := os.NewFile(uintptr(fds[0]), "client"), os.NewFile(uintptr(fds[1]), "bus")
	b := &fakeBus{t: t, conn: server, objects: objects, sims: sims}
	done := make(chan struct{})
	go func() { defer close(done); b.serve() }()
	t.Cleanup(func() { client.Close(); server.Close(); <-done })
	return client, b
}

func (b *fakeBus) serve() {
	r := bufio.NewReader(b.conn)
	nul, _ := r.ReadByte()
	auth, _ := r.ReadString('\n')
	if nul != 0 || auth != "AUTH EXTERNAL "+hexASCII(os.Getuid())+"\r\n" {
		io.WriteString(b.conn, "REJECTED EXTERNAL\r\n")
		return
	}
	io.WriteString(b.conn, "OK 1234deadbeef1234deadbeef1234de\r\n")
	if begin, _ := r.ReadString('\n'); begin != "BEGIN\r\n" {
		return
	}
	for serial := uint32(1); ; serial++ {
		req, err := dbus.DecodeMessage(r)
		if err != nil {
			return
		}
		member := req.Headers[dbus.FieldMember].Value().(string)
		path := string(req.Headers[dbus.FieldPath].Value().(dbus.ObjectPath))
		b.calls = append(b.calls, member+" "+path)
		var reply *dbus.Message
		switch {
		case member == "Hello":
			b.send(&dbus.Message{Type: dbus.TypeSignal, Headers: map[dbus.HeaderField]dbus.Variant{
				dbus.FieldPath: dbus.MakeVariant(dbus.ObjectPath("/org/freedesktop/DBus")), dbus.FieldInterface: dbus.MakeVariant("org.freedesktop.DBus"),
				dbus.FieldMember: dbus.MakeVariant("NameAcquired"), dbus.FieldSignature: dbus.MakeVariant(dbus.SignatureOf(":1.7")),
			}, Body: []any{":1.7"}})
			reply = b.ret(req, ":1.7")
		case b.objects == nil:
			reply = b.fail(req, "org.freedesktop.DBus.Error.ServiceUnknown", "The name org.freedesktop.ModemManager1 was not provided by any .service files")
		case member == "Introspect" && path == mmModems:
			// As GDBus answers for a path with objects below it.
			xml := "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n \"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n<!-- GDBus 2.74.6 -->\n<node>\n" +
				"  <interface name=\"org.freedesktop.DBus.Introspectable\">\n    <method name=\"Introspect\">\n      <arg type=\"s\" name=\"xml_data\" direction=\"out\"/>\n    </method>\n  </interface>\n"
			for p := range b.objects {
				xml += "  <node name=\"" + strings.TrimPrefix(string(p), mmModems+"/") + "\"/>\n"
			}
			reply = b.ret(req, xml+"</node>\n")
		case member == "Get" && len(req.Body) == 2:
			iface, prop := req.Body[0].(string), req.Body[1].(string)
			v, ok := b.objects[dbus.ObjectPath(path)][iface][prop]
			if sim := b.sims[path]; iface == mmSim && sim != nil {
				v, ok = dbus.MakeVariant(sim[prop]), sim[prop] != nil
			}
			if !ok {
				reply = b.fail(req, "org.freedesktop.DBus.Error.InvalidArgs", "No such interface or property "+iface+"."+prop)
				break
			}
			reply = b.ret(req, v)
		default:
			reply = b.fail(req, "org.freedesktop.DBus.Error.UnknownObject", "no "+path)
		}
		b.send(reply)
	}
}

func hexASCII(uid int) string {
	var s strings.Builder
	for _, c := range []byte(itoa(uid)) {
		s.WriteString("0123456789abcdef"[c>>4 : c>>4+1])
		s.WriteString("0123456789abcdef"[c&15 : c&15+1])
	}
	return s.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func (b *fakeBus) ret(req *dbus.Message, body ...any) *dbus.Message {
	return &dbus.Message{Type: dbus.TypeMethodReply, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldReplySerial: dbus.MakeVariant(req.Serial()), dbus.FieldSignature: dbus.MakeVariant(dbus.SignatureOf(body...)),
	}, Body: body}
}

func (b *fakeBus) fail(req *dbus.Message, name, msg string) *dbus.Message {
	return &dbus.Message{Type: dbus.TypeError, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldReplySerial: dbus.MakeVariant(req.Serial()), dbus.FieldErrorName: dbus.MakeVariant(name),
		dbus.FieldSignature: dbus.MakeVariant(dbus.SignatureOf(msg)),
	}, Body: []any{msg}}
}

func (b *fakeBus) send(m *dbus.Message) {
	if err := m.EncodeTo(b.conn, binary.LittleEndian); err != nil {
		b.t.Errorf("encode reply: %v", err)
	}
}

func TestQueryModemManagerCapture(t *testing.T) {
	c := loadCapture(t)
	sims := map[string]map[string]any{}
	for p, s := range c.Sims {
		sims[p] = map[string]any{"SimIdentifier": s.ICCID, "Imsi": s.IMSI, "OperatorIdentifier": s.OperatorIdentifier,
			"OperatorName": s.OperatorName, "Active": true, "EmergencyNumbers": []string{"999", "00112"}}
	}
	conn, bus := startFakeBus(t, c.managedObjects(), sims)
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	got, err := QueryModemManager(conn, os.Getuid())
	if err != nil {
		t.Fatalf("%v (calls %q)", err, bus.calls)
	}
	// The introspection data lists the modems in map order.
	if len(got) == 2 && got[0].IMEI != "867648043678091" {
		got[0], got[1] = got[1], got[0]
	}
	want := []Modem{
		{Device: "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3", Via: "modemmanager", IMEI: "867648043678091",
			ICCID: "8944110068256270054", IMSI: "234104886708667", MCC: "234", MNC: "10"},
		{Device: "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.4", Via: "modemmanager", IMEI: "866680040112569", Errs: []error{ErrNoSIM}},
	}
	if len(got) != 2 || !errors.Is(got[1].Errs[0], ErrNoSIM) || len(got[0].Errs) != 0 {
		t.Fatalf("got %+v", got)
	}
	got[1].Errs = want[1].Errs
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestQueryModemManagerNotRunning(t *testing.T) {
	conn, _ := startFakeBus(t, nil, nil)
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	_, err := QueryModemManager(conn, os.Getuid())
	if !errors.Is(err, ErrNoService) {
		t.Fatalf("err %v, want ErrNoService", err)
	}
}

func TestQueryModemManagerSilentBus(t *testing.T) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	syscall.SetNonblock(fds[0], true)
	client, server := os.NewFile(uintptr(fds[0]), "client"), os.NewFile(uintptr(fds[1]), "bus")
	defer client.Close()
	defer server.Close()
	client.SetDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := QueryModemManager(client, os.Getuid()); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("err %v, want a deadline error", err)
	}
}
