//go:build linux && !identityonly

package machine

import (
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/modem"
	"github.com/hwident/hwident/hw/modem/modemtest"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// modemMachine is boards.USBModem with a Quectel modem on the slave of a pty
// that a fake modem answers: OpenModemPort opens the pty as the caller
// opens /dev/ttyUSB2 on the real root.
func modemMachine(t *testing.T, removable string) (m *Machine, fake *modemtest.Modem) {
	t.Helper()
	root := boards.USBModem(t, removable)
	master, slave := modemtest.OpenPTY(t)
	fake = modemtest.Start(t, master, true, modemtest.Quectel("867648043678091", "989450100000123456F8", "262011234567890", false))
	m = At(root)
	m.OpenModemPort = func(name string) (modem.OpenPort, error) {
		if name != "ttyUSB2" {
			t.Errorf("opened /dev/%s", name)
		}
		return modem.OpenTTY(slave)
	}
	return m, fake
}

// A SIM swap shows in the inventory and leaves the identity alone.
func TestInventorySIMSwap(t *testing.T) {
	m, fake := modemMachine(t, "unknown")
	resolve := func(cfg *identity.Config) (identity.Identity, error) {
		r, err := m.Resolve(cfg)
		return r.Identity, err
	}
	inv, skipped := m.Inventory("", resolve)
	if len(skipped) > 0 {
		t.Fatalf("skipped %q", skipped)
	}
	for _, want := range []identity.Attr{{Key: "modem_imei", Value: "867648043678091"}, {Key: "sim_iccid", Value: "8949050100002143658"},
		{Key: "sim_imsi", Value: "262011234567890"}, {Key: "sim_mcc", Value: "262"}, {Key: "sim_mnc", Value: "01"}} {
		if !slices.Contains(inv, want) {
			t.Errorf("inventory lacks %v: %q", want, inv)
		}
	}
	fake.SetReply(modemtest.Quectel("867648043678091", "984411008652260750F4", "234104886708667", false))
	inv2, _ := m.Inventory("", resolve)
	if !slices.Contains(inv2, identity.Attr{Key: "sim_iccid", Value: "8944110068256270054"}) || !slices.Contains(inv2, identity.Attr{Key: "sim_imsi", Value: "234104886708667"}) {
		t.Errorf("inventory after the swap: %q", inv2)
	}
	hash := func(inv identity.Identity) string {
		for _, a := range inv {
			if a.Key == InventoryIdentityHash {
				return a.Value
			}
		}
		return ""
	}
	if hash(inv) == "" || hash(inv) != hash(inv2) {
		t.Errorf("identity hash in the inventory %q, then %q", hash(inv), hash(inv2))
	}
}

func TestShowModem(t *testing.T) {
	for _, tc := range []struct {
		removable string
		usable    bool
		verdict   string
	}{
		{"fixed", true, "usable with care"},
		{"removable", false, "not for identity: the modem's port is removable"},
		{"unknown", false, "not for identity: the modem's port is unknown"},
	} {
		t.Run(tc.removable, func(t *testing.T) {
			m, fake := modemMachine(t, tc.removable)
			c := m.showModem()
			if len(c) < 2 || c[0].Source != "modem:imei" || c[0].Value != "867648043678091" || c[0].Usable != tc.usable || !strings.HasPrefix(c[0].Verdict, tc.verdict) {
				t.Fatalf("modem candidates %+v", c)
			}
			if c[1].Source != "inventory sim_iccid" || c[1].Value != "8949050100002143658" || c[1].Usable || !strings.HasPrefix(c[1].Verdict, "not for identity: SIMs are swapped") {
				t.Errorf("ICCID not listed as inventory only: %+v", c[1])
			}
			// modem:imei as a source: only a soldered modem's.
			imei, err := m.readModemSource("imei")
			if tc.usable {
				if err != nil || imei != "867648043678091" {
					t.Errorf("modem:imei of a soldered modem: %q, %v", imei, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), "not known to be soldered") {
				t.Errorf("modem:imei of a swappable modem: %q, %v (modem got %q)", imei, err, fake.Commands())
			}
		})
	}
}

// Without OpenModemPort (under --root) no port is opened, and the modem
// says why.
func TestModemPortNotOpened(t *testing.T) {
	c := At(boards.USBModem(t, "fixed")).showModem()
	if len(c) != 2 || c[0].Value != "" || c[1].Source != "inventory modem 1-1.3" || !strings.Contains(c[1].Verdict, errModemPortNotOpened.Error()) {
		t.Errorf("modem candidates %+v", c)
	}
}
