//go:build !identityonly

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/eeprom"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
	"github.com/hwident/hwident/scripts/testkit/realdata"
)

// inventoryBoard is a tree with every fact source the inventory reads.
func inventoryBoard(t *testing.T) map[string]string {
	t.Helper()
	img, err := eeprom.EncodeONIE([]eeprom.TLV{
		{Type: eeprom.ONIEProductName, Value: []byte("Gateway 3000")},
		{Type: eeprom.ONIEPartNumber, Value: []byte("GW3-A1")},
		{Type: eeprom.ONIESerialNumber, Value: []byte("GW3A1-000777")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"etc/hwident.conf":                           "serial=file:/etc/board-serial\n",
		"etc/board-serial":                           "B-0001\n",
		"data/hwident/product-serial":                "PRD-000123\n",
		"sys/bus/mmc/devices/mmc0:0001/type":         "MMC\n",
		"sys/bus/mmc/devices/mmc0:0001/removable":    "fixed\n",
		"sys/bus/mmc/devices/mmc0:0001/manfid":       "0x000015\n",
		"sys/bus/mmc/devices/mmc0:0001/name":         "8GTF4R\n",
		"sys/bus/mmc/devices/mmc0:0001/date":         "06/2021\n",
		"sys/bus/i2c/devices/0-0050/eeprom":          string(img) + strings.Repeat("\xff", 256),
		"sys/bus/i2c/devices/1-0051/eeprom":          strings.Repeat("\xff", 256),
		"sys/devices/soc0/soc_id":                    "i.MX8MP\n",
		"sys/devices/soc0/serial_number":             "0123456789ABCDEF\n",
		"sys/firmware/devicetree/base/model":         "Example i.MX8MP Gateway\x00",
		"sys/firmware/devicetree/base/serial-number": "secret-ish\x00",
	}
}

func TestInventory(t *testing.T) {
	root := boards.Write(t, inventoryBoard(t))
	id := identity.Identity{{Key: "serial", Value: "B-0001"}}
	res := runHwident(t, "", nil, "mender-inventory-hwident", "--root", root)
	want := "product_serial=PRD-000123\n" +
		"identity_sha256=" + id.ID() + "\n" +
		"emmc_manufacturer=Samsung\nemmc_name=8GTF4R\nemmc_date=06/2021\n" +
		"eeprom_product_name=Gateway 3000\neeprom_part_number=GW3-A1\neeprom_serial=GW3A1-000777\n" +
		"soc_id=i.MX8MP\nboard_name=Example i.MX8MP Gateway\n"
	if res.code != 0 || res.stdout != want || res.stderr != "" {
		t.Errorf("exit %d\n got:\n%s\nwant:\n%s\nstderr: %s", res.code, res.stdout, want, res.stderr)
	}
}

// TestInventorySkipsFailingSources: each broken source is left out with a
// note on stderr, the rest is still reported.
func TestInventorySkipsFailingSources(t *testing.T) {
	files := inventoryBoard(t)
	delete(files, "etc/board-serial")                                            // identity unreadable
	files["data/hwident/product-serial"] = "\n"                                  // damaged serial
	files["sys/bus/mmc/devices/mmc1:0001/type"] = "MMC\n"                        // two eMMCs: which one?
	files["sys/bus/i2c/devices/0-0050/eeprom"] = "TlvInfo\x00\x01\x00\x10broken" // bad ONIE
	res := runHwident(t, "", nil, "mender-inventory-hwident", "--root", boards.Write(t, files))
	want := "soc_id=i.MX8MP\nboard_name=Example i.MX8MP Gateway\n"
	if res.code != 0 || res.stdout != want {
		t.Errorf("exit %d\n got:\n%s\nwant:\n%s", res.code, res.stdout, want)
	}
	for _, s := range []string{"product serial", "identity", "eMMC", "EEPROM"} {
		if !strings.Contains(res.stderr, "skipped "+s) {
			t.Errorf("stderr does not say %q was skipped:\n%s", s, res.stderr)
		}
	}
}

func TestInventoryNothingToReport(t *testing.T) {
	res := runHwident(t, "", nil, "mender-inventory-hwident", "--root", t.TempDir())
	if res.code != 1 || res.stdout != "" || res.stderr == "" {
		t.Errorf("empty machine: exit %d, %q, %q; want exit 1 and a reason", res.code, res.stdout, res.stderr)
	}
}

// TestInventoryBoards: on every bundled board the inventory is valid
// key=value lines: no blank line, no '\r', valid keys, at least the
// identity hash.
func TestInventoryBoards(t *testing.T) {
	for _, b := range boards.Names {
		res := runHwident(t, "", nil, "mender-inventory-hwident", "--root", boards.Dir(t, b))
		if res.code != 0 || !strings.Contains(res.stdout, "identity_sha256=") {
			t.Errorf("%s: exit %d, %q, %s", b, res.code, res.stdout, res.stderr)
			continue
		}
		for _, line := range strings.SplitAfter(res.stdout, "\n") {
			k, _, ok := strings.Cut(line, "=")
			if line != "" && (!ok || !identity.ValidKey(k) || strings.ContainsAny(strings.TrimSuffix(line, "\n"), "\r\n")) {
				t.Errorf("%s: bad inventory line %q", b, line)
			}
		}
		if strings.Contains(res.stdout, "\n\n") || !strings.HasSuffix(res.stdout, "\n") {
			t.Errorf("%s: blank or unterminated line in %q", b, res.stdout)
		}
	}
}

// TestInventoryRealEEPROMs puts real dumps where the at24 driver shows
// them: an ONIE carrier board and a FRU power supply.
func TestInventoryRealEEPROMs(t *testing.T) {
	dir := realdata.Dir(t, "eeprom")
	tests := []struct {
		file string
		want string
	}{
		{"onie/cesnet-velia-188_0-0052-solidrun-clearfog-base.bin",
			"eeprom_product_name=Clearfog Base\neeprom_part_number=SRCFCBE000CV14\neeprom_serial=IP01195230800010\n"},
		{"fru/cesnet-velia-M0N_eeprom-2-0050.bin",
			"eeprom_product_name=URP1X151AM\neeprom_part_number=YM-2151E\neeprom_serial=SA010T291647000517\n"},
	}
	for _, tt := range tests {
		img, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			realdata.Skip(t, "real dump: %v", err)
		}
		root := boards.Write(t, map[string]string{"sys/bus/i2c/devices/0-0052/eeprom": string(img)})
		res := runHwident(t, "", nil, "mender-inventory-hwident", "--root", root)
		if !strings.HasSuffix(res.stdout, tt.want) {
			t.Errorf("%s: exit %d\n got:\n%s\nwant it to end with:\n%s%s", tt.file, res.code, res.stdout, tt.want, res.stderr)
		}
	}
}
