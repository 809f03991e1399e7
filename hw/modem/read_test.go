//go:build linux

package modem

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/hwident/hwident/hw/modem/modemtest"
)

func TestReaderATWhenNoModemManager(t *testing.T) {
	fsys := os.DirFS(writeTree(t, quectelTree("fixed")))
	for _, bus := range []string{"no bus socket", "bus without ModemManager"} {
		t.Run(bus, func(t *testing.T) {
			master, slave := modemtest.OpenPTY(t)
			fake := modemtest.Start(t, master, true, quectel(false))
			var opened []string
			r := Reader{FS: fsys, UID: os.Getuid(), Timeout: 2 * time.Second,
				DialBus: func() (Conn, error) {
					if bus == "no bus socket" {
						return nil, os.ErrNotExist
					}
					c, _ := startFakeBus(t, nil, nil)
					return c, nil
				},
				OpenPort: func(name string) (OpenPort, error) {
					opened = append(opened, name)
					if name != "ttyUSB2" {
						return nil, errors.New("unexpected port")
					}
					return OpenTTY(slave)
				}}
			ms, err := r.Read()
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 || ms[0].ICCID != "8949050100002143658" || ms[0].IMEI != "867648043678091" || ms[0].Via != "ttyUSB2" || !ms[0].Soldered() || len(ms[0].Errs) != 0 {
				t.Fatalf("got %+v (commands %q)", ms, fake.Commands())
			}
			if len(opened) != 1 {
				t.Errorf("opened %q, want only the primary AT port", opened)
			}
		})
	}
}

func TestReaderLeavesPortsToModemManager(t *testing.T) {
	c := loadCapture(t)
	fsys := os.DirFS(writeTree(t, quectelTree("unknown")))
	r := Reader{FS: fsys, UID: os.Getuid(), Timeout: 2 * time.Second,
		DialBus: func() (Conn, error) {
			conn, _ := startFakeBus(t, c.managedObjects(), nil)
			return conn, nil
		},
		OpenPort: func(name string) (OpenPort, error) {
			t.Errorf("opened AT port %s while ModemManager runs", name)
			return nil, errors.New("no")
		}}
	ms, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Via != "modemmanager" {
			t.Errorf("modem %+v not from ModemManager", m)
		}
		if m.Device == "sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3" && (m.Removable != "unknown" || m.Soldered()) {
			t.Errorf("removable %q: a port that says unknown is not soldered", m.Removable)
		}
	}
	if len(ms) != 2 {
		t.Fatalf("got %d modems, want the 2 ModemManager has", len(ms))
	}
}
