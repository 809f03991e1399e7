package machine

import (
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/dmi"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
)

// TestHardwareSources reads the mmc, dmi, soc, dt and cpuinfo sources on
// the board trees: a usable value exactly as the tree holds it, or an
// error (which fails the whole identity).
func TestHardwareSources(t *testing.T) {
	tests := []struct {
		board, source string
		want          string // "" = must fail
	}{
		{"imx8mp", "mmc:cid", "150100424a4e4234520fdac7c03814"},
		{"imx8mp", "mmc:cid-raw", "150100424a4e4234520fdac7c0381400"},
		{"imx8mp", "mmc:serial", "0xdac7c038"},
		{"imx8mp", "mmc:sd-cid", "02544d534136344753292e67a20133"},
		{"imx8mp", "soc:serial", "D2C3B4A596877869"},
		{"imx8mp", "dt:serial-number", "d2c3b4a596877869"},
		{"imx8mp", "cpuinfo:serial", ""},                     // arm64 cpuinfo has no Serial line
		{"bbb", "mmc:cid", "11010030303847453000912d76b6b0"}, // non-removable from the device tree (4.19)
		{"bbb", "mmc:sd-cid", "1b534d474638533530d8466363a167"},
		{"bbb", "cpuinfo:serial", ""}, // all zero
		{"bbb", "dt:serial-number", ""},
		{"bbb", "soc:serial", ""},
		{"rpi4", "mmc:cid", ""}, // only an SD card and SDIO Wi-Fi
		{"rpi4", "mmc:sd-cid", "1b534d474434515430c03055650125"},
		{"rpi4", "cpuinfo:serial", "100000004e2b9c71"},
		{"rpi3", "dt:serial-number", "000000008b5c3a10"},
		{"rpi3", "cpuinfo:serial", "000000008b5c3a10"},
		{"rpi3", "dmi:product_uuid", ""},
		{"x86", "dmi:board_serial", "M80-C4019900532"},
		{"x86", "dmi:product_serial", ""}, // "To be filled by O.E.M."
		{"x86", "dmi:product_uuid", ""},   // AMI's placeholder UUID
		{"x86", "dmi:chassis_serial", ""}, // "Default string"
		{"x86", "mmc:cid", ""},
		{"vm", "dmi:product_serial", "VM-7F3A-20261123"},
		{"vm", "dmi:product_uuid", "5e8a3c1b-7d42-4f6e-9b1a-2c3d4e5f6071"},
		{"vm", "dmi:board_serial", "VM-BOARD-0001"},
		{"vm", "dmi:chassis_serial", "VM-CHASSIS-0001"},
	}
	for _, tc := range tests {
		t.Run(tc.board+"/"+tc.source, func(t *testing.T) {
			got, err := At(boards.Dir(t, tc.board)).Read(source(t, tc.source))
			if tc.want == "" {
				if err == nil {
					t.Errorf("read %q; want an error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("read %q, %v; want %s", got, err, tc.want)
			}
		})
	}
}

// source parses a source spec.
func source(t *testing.T, spec string) identity.Source {
	t.Helper()
	cfg, err := identity.ParseConfig("k=" + spec + "\n")
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Attrs[0].Source
}

// TestMMCCardRules: boot and RPMB partitions are not cards, two eMMCs or
// a zero serial are refused, an SD card is never taken for mmc:cid.
func TestMMCCardRules(t *testing.T) {
	card := func(dev, typ, cid, serial string) map[string]string {
		d := "sys/bus/mmc/devices/" + dev + "/"
		return map[string]string{d + "type": typ + "\n", d + "cid": cid + "\n", d + "serial": serial + "\n"}
	}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	emmc := card("mmc0:0001", "MMC", "11010030303847423004348fc3eea600", "0x348fc3ee")
	tests := []struct {
		name string
		tree map[string]string
		src  string
		ok   bool
	}{
		{"one eMMC", emmc, "mmc:cid", true},
		{"two eMMCs", merge(emmc, card("mmc1:0001", "MMC", "45010053454d313647071081d2943100", "0x1081d294")), "mmc:cid", false},
		{"removable MMC card", merge(emmc, map[string]string{"sys/bus/mmc/devices/mmc0:0001/removable": "removable\n"}), "mmc:cid", false},
		{"SD only", card("mmc0:aaaa", "SD", "035344534e35313280fff7b17b015700", "0xfff7b17b"), "mmc:cid", false},
		{"zero serial", card("mmc0:0001", "MMC", "11010030303847423004348fc3eea600", "0x00000000"), "mmc:serial", false},
		{"all-zero CID", card("mmc0:0001", "MMC", "00000000000000000000000000000000", "0x348fc3ee"), "mmc:cid", false},
		{"malformed CID", card("mmc0:0001", "MMC", "11010030303847423004348fc3eea6zz", "0x348fc3ee"), "mmc:cid", false},
		{"CID with 0x prefix", card("mmc0:0001", "MMC", "0x11010030303847423004348fc3eea6", "0x348fc3ee"), "mmc:cid", false},
		{"CID with separators", card("mmc0:0001", "MMC", "11010030-30384742-3004348f-c3eea6", "0x348fc3ee"), "mmc:cid", false},
		{"CID of 30 digits", card("mmc0:0001", "MMC", "11010030303847423004348fc3eea6", "0x348fc3ee"), "mmc:cid", false},
		{"two SD cards", merge(card("mmc0:aaaa", "SD", "035344534e35313280fff7b17b015700", "0x1"), card("mmc1:aaaa", "SD", "1b534d474638533530d8466363a16700", "0x2")), "mmc:sd-cid", false},
	}
	for _, tc := range tests {
		v, err := At(boards.Write(t, tc.tree)).Read(source(t, tc.src))
		if ok := err == nil && v != ""; ok != tc.ok {
			t.Errorf("%s: read %q, %v", tc.name, v, err)
		}
	}
}

// TestShowOtherMMCCards: a card that neither mmc:cid nor mmc:sd-cid reads
// gets a verdict that says why (it read "ambiguous: " and nothing more for
// a removable MMC card next to an eMMC).
func TestShowOtherMMCCards(t *testing.T) {
	card := func(dev, typ, cid string) map[string]string {
		d := "sys/bus/mmc/devices/" + dev + "/"
		return map[string]string{d + "type": typ + "\n", d + "cid": cid + "\n"}
	}
	tree := card("mmc0:0001", "MMC", "11010030303847423004348fc3eea600")
	for k, v := range card("mmc1:0001", "MMC", "45010053454d313647071081d2943100") {
		tree[k] = v
	}
	tree["sys/bus/mmc/devices/mmc1:0001/removable"] = "removable\n"
	for k, v := range card("mmc2:aaaa", "SD", "035344534e35313280fff7b17b015700") {
		tree[k] = v
	}
	for k, v := range card("mmc3:aaaa", "SD", "1b534d474638533530d8466363a16700") {
		tree[k] = v
	}
	m := At(boards.Write(t, tree))
	want := map[string]string{
		"file:/sys/bus/mmc/devices/mmc1:0001/cid": "removable: removable",
		"file:/sys/bus/mmc/devices/mmc2:aaaa/cid": "more than one MMC card qualifies",
		"file:/sys/bus/mmc/devices/mmc3:aaaa/cid": "more than one MMC card qualifies",
	}
	for _, c := range m.showMMC() {
		w, ok := want[c.Source]
		if !ok {
			continue
		}
		delete(want, c.Source)
		if c.Usable || !strings.Contains(c.Verdict, w) {
			t.Errorf("%s: usable %v, verdict %q; want one containing %q", c.Source, c.Usable, c.Verdict, w)
		}
	}
	for src := range want {
		t.Errorf("%s not listed", src)
	}
}

// TestDMIMeanings: show gives each of dmi.Fields its meaning by position.
func TestDMIMeanings(t *testing.T) {
	if len(dmiMeanings) != len(dmi.Fields) {
		t.Errorf("%d meanings for %d dmi.Fields: keep them in step", len(dmiMeanings), len(dmi.Fields))
	}
}
