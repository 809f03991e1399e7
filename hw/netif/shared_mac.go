package netif

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSharedAddress: the address is a default that many units carry.
var ErrSharedAddress = errors.New("address is a default shared by many units")

// sharedAddresses are universally administered unicast addresses known to
// be carried by many units at once: placeholders in NVM images, BSP and
// firmware defaults, fallbacks hard-coded in drivers. Each entry says where
// it comes from, and show prints that. Keep it to addresses documented in
// public sources; the list is part of net:auto's frozen rule, so an entry
// is added only before a release or with a new source name.
var sharedAddresses = []struct{ addr, why string }{
	// Intel's integrated GbE (e1000e: I217/I218/I219) reports it when the
	// NVM's MAC was never programmed; Intel's platform sample code names it
	// the "Default MAC" of the integrated GbE (AMT MAC pass-through), a
	// Kontron i.MX6 U-Boot uses it as D_ETHADDR, and public udev dumps and
	// forum threads (askubuntu.com/questions/1338578, ASUS boards) show it
	// on different machines at once.
	{"88:88:88:88:87:88", "Intel integrated GbE with an unprogrammed NVM (Intel's default MAC; seen on many different machines)"},
	// Intel OUI + zero: the placeholder address in Intel's NVM images for
	// I210/I225/I226 (a board flashed with the stock image keeps it), seen on
	// real machines and in test logs of several projects.
	{"00:a0:c9:00:00:00", "Intel NVM image placeholder (Intel OUI + zero), kept by boards flashed with the stock image"},
	// Broadcom's nvram template; the kernel's brcmfmac (common.c,
	// brcmf_default_mac_address) replaces it with a random address since
	// Linux 5.x, older kernels and vendor drivers (bcmdhd) expose it.
	{"00:90:4c:c5:12:38", "Broadcom Wi-Fi nvram template default (brcmfmac's brcmf_default_mac_address)"},
	// coreboot's RTL8168 driver (src/drivers/net/r8168.c) programs it when
	// neither VPD nor CBFS holds an address.
	{"00:e0:4c:00:c0:b0", "coreboot's RTL8168 default (src/drivers/net/r8168.c) when no address is provisioned"},
	// Realtek Wi-Fi with a blank efuse: the staging r8188eu driver used it
	// until "staging: r8188eu: fall back to random mac address" (2022), and
	// Realtek's RTL8733BS vendor library embeds it.
	{"00:e0:4c:87:00:00", "Realtek Wi-Fi blank-efuse default (staging r8188eu before 2022, RTL8733BS vendor library)"},
	// ASIX AX88772B datasheet's default node ID, used by vendor kernels for a
	// blank EEPROM.
	{"00:0e:c6:87:72:01", "ASIX AX88772B default node ID (blank EEPROM, datasheet section 4.1.3)"},
	// MediaTek's reference EEPROM ("training data") for MT76xx/MT7986 Wi-Fi,
	// which boards without calibration data of their own ship (e.g. BananaPi
	// R3).
	{"00:0c:43:26:60:00", "MediaTek Wi-Fi reference EEPROM default (MT7986 and others)"},
	// Huawei HiLink LTE sticks (E3372 and relatives) present as USB Ethernet
	// with this factory address on every unit.
	{"0c:5b:8f:27:9a:64", "Huawei HiLink LTE modem factory address (identical on every unit)"},
	// A common U-Boot board default (ethaddr=00:11:22:33:44:55 in many vendor
	// environments: Ingenic, HiSilicon, Freescale reference configs).
	{"00:11:22:33:44:55", "U-Boot vendor environment default (ethaddr=00:11:22:33:44:55)"},
}

// SharedAddress returns an error wrapping ErrSharedAddress, with the
// address's provenance, if addr is on the list; nil otherwise. Case and the
// separator (':' or '-') do not matter.
func SharedAddress(addr string) error {
	a := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(addr), "-", ":"))
	for _, s := range sharedAddresses {
		if a == s.addr {
			return fmt.Errorf("%w: %s", ErrSharedAddress, s.why)
		}
	}
	return nil
}
