package vmtest

import (
	"testing"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// TestX86NoUsableNIC: a machine whose only NIC has a locally administered
// MAC still has a Mender default identity (Mender's script does not filter
// them) but no net:auto one; once that NIC is gone (PCI removal), the
// default fails too. Failures exit 1 with nothing on stdout.
func TestX86NoUsableNIC(t *testing.T) {
	t.Parallel()
	const localMAC = "02:00:5e:10:20:30"
	r := vm{
		board:   x86,
		devices: []string{"-nic", "user,model=e1000,mac=" + localMAC},
		load:    []string{"e1000"},
		files:   map[string]string{"/etc/net-auto.conf": "mac=net:auto\n"},
		steps: []plan.Step{
			{Name: "wait-eth0", WaitFor: "/sys/class/net/eth0/address"},
			run("default-local", "identity"),
			run("auto-local", "identity", "--config", "/etc/net-auto.conf"),
			{Name: "remove-nic", WriteFile: "/sys/class/net/eth0/device/remove", Data: []byte("1")},
			run("default-none", "identity"),
			{Name: "mender-path-none", Run: []string{guestMenderScript}},
			run("auto-none", "identity", "--config", "/etc/net-auto.conf"),
		},
	}.boot(t)

	r.wantStdout(t, "default-local", "mac="+localMAC+"\n")
	r.wantFailure(t, "auto-local")
	r.wantFailure(t, "default-none")
	r.wantFailure(t, "mender-path-none")
	r.wantFailure(t, "auto-none")
}
