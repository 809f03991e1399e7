package mmc

import (
	"errors"
	"testing"
	"testing/fstest"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s + "\n")} }

// cardFS lays out cards as sysfs does below sys/bus/mmc/devices (as plain
// directories: the symlinked layout is tested on the board trees of
// cmd/hwident).
func cardFS(cards map[string]map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for dev, attrs := range cards {
		for k, v := range attrs {
			m["sys/bus/mmc/devices/"+dev+"/"+k] = file(v)
		}
	}
	return m
}

func TestCards(t *testing.T) {
	fsys := cardFS(map[string]map[string]string{
		"mmc1:0001": {"type": "MMC", "cid": "11010030303847423004348fc3eea600", "name": "008GB0", "rev": "0x8", "date": "10/2019", "removable": "fixed",
			"block/mmcblk1/mmcblk1boot0/dev": "179:8", "block/mmcblk1/mmcblk1boot1/dev": "179:16", "mmcblk1rpmb/dev": "250:0"},
		"mmc0:aaaa": {"type": "SD", "cid": "035344534e35313280fff7b17b015700", "removable": "removable", "block/mmcblk0/dev": "179:0"},
		"mmc2:0001": {"type": "SDIO"},
	})
	cards, err := Cards(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) != 3 {
		t.Fatalf("got %d cards, want 3 (boot and rpmb partitions are not cards): %+v", len(cards), cards)
	}
	emmc, err := Internal(cards)
	if err != nil {
		t.Fatal(err)
	}
	if emmc.Dev != "mmc1:0001" || emmc.Host != "mmc1" || emmc.Removable != Fixed || emmc.Disk != "mmcblk1" {
		t.Errorf("Internal = %+v", emmc)
	}
	if got := emmc.HWParts; len(got) != 3 || got[0] != "boot0" || got[1] != "boot1" || got[2] != "rpmb" {
		t.Errorf("HWParts = %q", got)
	}
	c, err := emmc.Decode()
	if err != nil || c.Date() != emmc.Attrs["date"] || c.Name != emmc.Attrs["name"] {
		t.Errorf("Decode = %+v, %v; sysfs says %v", c, err, emmc.Attrs)
	}
	sd, err := SDCard(cards)
	if err != nil || sd.Dev != "mmc0:aaaa" || sd.Removable != RemovableCard {
		t.Errorf("SDCard = %+v, %v", sd, err)
	}
	if _, err := cards[2].Decode(); !errors.Is(err, ErrUnknownType) {
		t.Errorf("SDIO Decode = %v, want ErrUnknownType", err)
	}
}

func TestRemovableFromDeviceTree(t *testing.T) {
	fsys := cardFS(map[string]map[string]string{"mmc2:0001": {"type": "MMC", "cid": "11010030303847423004348fc3eea600"}})
	cards, _ := Cards(fsys)
	if cards[0].Removable != RemovableUnknown {
		t.Errorf("no hint: %v", cards[0].Removable)
	}
	fsys["sys/class/mmc_host/mmc2/device/of_node/non-removable"] = &fstest.MapFile{}
	cards, _ = Cards(fsys)
	if cards[0].Removable != Fixed {
		t.Errorf("DT non-removable: %v (%s)", cards[0].Removable, cards[0].Why)
	}
	// An MMC card of unknown removability still counts as the eMMC.
	if _, err := Internal(cards); err != nil {
		t.Error(err)
	}
}

func TestInternalNeedsExactlyOne(t *testing.T) {
	none, _ := Cards(cardFS(map[string]map[string]string{"mmc0:0001": {"type": "SD", "cid": "035344534e35313280fff7b17b015700"}}))
	if _, err := Internal(none); !errors.Is(err, ErrNoCard) {
		t.Errorf("no eMMC: %v", err)
	}
	removableMMC, _ := Cards(cardFS(map[string]map[string]string{"mmc0:0001": {"type": "MMC", "cid": "11010030303847423004348fc3eea600", "removable": "removable"}}))
	if _, err := Internal(removableMMC); !errors.Is(err, ErrNoCard) {
		t.Errorf("removable MMC card: %v", err)
	}
	two, _ := Cards(cardFS(map[string]map[string]string{
		"mmc0:0001": {"type": "MMC", "cid": "11010030303847423004348fc3eea600"},
		"mmc1:0001": {"type": "MMC", "cid": "45010053454d313647071081d2943100"},
	}))
	if _, err := Internal(two); !errors.Is(err, ErrManyCards) {
		t.Errorf("two eMMCs: %v", err)
	}
	if _, err := SDCard(two); !errors.Is(err, ErrNoCard) {
		t.Errorf("no SD: %v", err)
	}
	if cards, err := Cards(fstest.MapFS{}); err != nil || len(cards) != 0 {
		t.Errorf("no MMC bus: %v, %v", cards, err)
	}
}
