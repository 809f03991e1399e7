package vmtest

import (
	"testing"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// The on-board NIC's MAC; the later USB dongle's. Both universally
// administered, so net:auto may use either.
const (
	onboardMAC = "00:1b:21:3a:4b:5c"
	dongleMAC  = "00:0e:c6:11:22:33"
)

// TestX86Net: Mender's default identity is the e1000's MAC, as is net:auto;
// after a USB Ethernet dongle appears (a later, higher ifindex on another
// bus), both still name the e1000.
func TestX86Net(t *testing.T) {
	t.Parallel()
	want := "mac=" + onboardMAC + "\n"
	r := vm{
		board: x86,
		devices: []string{
			"-nic", "user,model=e1000,mac=" + onboardMAC,
			"-device", "qemu-xhci,id=xhci",
			"-netdev", "user,id=dongle",
			"-device", "usb-net,bus=xhci.0,netdev=dongle,mac=" + dongleMAC,
		},
		load:  []string{"e1000"},
		files: map[string]string{"/etc/net-auto.conf": "mac=net:auto\n"},
		steps: []plan.Step{
			{Name: "wait-eth0", WaitFor: "/sys/class/net/eth0/address"},
			run("default", "identity"),
			{Name: "mender-path", Run: []string{guestMenderScript}},
			run("auto", "identity", "--config", "/etc/net-auto.conf"),
			{Name: "plug-dongle", LoadModule: "cdc_ether"},
			{Name: "plug-dongle-rndis", LoadModule: "rndis_host"},
			{Name: "load-xhci", LoadModule: "xhci_pci"},
			{Name: "wait-dongle", WaitFor: "/sys/class/net/eth1/address"},
			{Name: "dongle-address", ReadFile: "/sys/class/net/eth1/address"},
			run("default-with-dongle", "identity"),
			run("auto-with-dongle", "identity", "--config", "/etc/net-auto.conf"),
		},
	}.boot(t)

	r.wantStdout(t, "default", want)
	r.wantStdout(t, "mender-path", want)
	r.wantStdout(t, "auto", want)
	if got := string(r.steps["dongle-address"].Stdout); got != dongleMAC+"\n" {
		t.Fatalf("the dongle is not eth1 (address %q): the scenario did not add the NIC it meant to", got)
	}
	r.wantStdout(t, "default-with-dongle", want)
	r.wantStdout(t, "auto-with-dongle", want)
}
