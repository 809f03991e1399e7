package vmtest

import (
	"testing"

	"github.com/hwident/hwident/scripts/vmtest/plan"
)

// TestX86DMI: the dmi: sources equal QEMU's -smbios values, read from the
// raw SMBIOS tables alone and from the /sys/class/dmi/id fallback alone.
func TestX86DMI(t *testing.T) {
	t.Parallel()
	const (
		productSerial = "VM-PRODUCT-0042"
		productUUID   = "8c2e1b4f-5d6a-4e7b-9c0d-1e2f3a4b5c6d"
		boardSerial   = "VM-BOARD-7731"
		tables        = "/sys/firmware/dmi/tables"
		classFiles    = "/sys/devices/virtual/dmi/id" // /sys/class/dmi/id links here
	)
	want := "serial=" + productSerial + "\nuuid=" + productUUID + "\nboard=" + boardSerial + "\n"
	identity := run("identity", "identity", "--config", "/etc/dmi.conf")
	named := func(name string, s plan.Step) plan.Step { s.Name = name; return s }
	r := vm{
		board: x86,
		devices: []string{
			"-nic", "none",
			"-smbios", "type=1,serial=" + productSerial + ",uuid=" + productUUID,
			"-smbios", "type=2,serial=" + boardSerial,
		},
		files: map[string]string{"/etc/dmi.conf": "serial=dmi:product_serial\nuuid=dmi:product_uuid\nboard=dmi:board_serial\n"},
		steps: []plan.Step{
			named("both", identity),
			{Name: "hide-class-files", HideDir: classFiles},
			named("tables-only", identity),
			{Name: "reveal-class-files", RevealDir: classFiles},
			{Name: "hide-tables", HideDir: tables},
			named("class-files-only", identity),
			{Name: "hide-class-files-too", HideDir: classFiles},
			named("neither", identity),
		},
	}.boot(t)

	r.wantStdout(t, "both", want)
	r.wantStdout(t, "tables-only", want)
	r.wantStdout(t, "class-files-only", want)
	r.wantFailure(t, "neither")
}
