// Command guest is the uinit that runs inside the test VMs: u-root's init starts it after
// mounting /proc, /sys and /dev and loading the modules named in
// modules_load=. It carries out the plan the host put into the initramfs,
// prints one result line per step on the console and powers the VM off.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/hwident/hwident/scripts/vmtest/plan"
	"golang.org/x/sys/unix"
)

func main() {
	quietConsole()
	steps, err := readPlan()
	if err != nil {
		fmt.Printf("vmtest: %v\n", err)
	}
	for _, s := range steps {
		fmt.Printf("vmtest: --- %s\n", s.Name)
		r := runStep(s)
		r.Name = s.Name
		report(r)
	}
	printKernelWarnings()
	fmt.Println(plan.DoneMarker)
	powerOff()
}

func readPlan() ([]plan.Step, error) {
	b, err := os.ReadFile(plan.Path)
	if err != nil {
		return nil, fmt.Errorf("no plan: %w", err)
	}
	var steps []plan.Step
	if err := json.Unmarshal(b, &steps); err != nil {
		return nil, fmt.Errorf("bad plan %s: %w", plan.Path, err)
	}
	return steps, nil
}

// report prints the human-readable output first, then the machine-readable
// line, so a person watching the console sees what happened.
func report(r plan.Result) {
	if len(r.Stdout) > 0 {
		fmt.Printf("vmtest: stdout:\n%s\n", r.Stdout)
	}
	if len(r.Stderr) > 0 {
		fmt.Printf("vmtest: stderr:\n%s\n", r.Stderr)
	}
	if r.Err != "" {
		fmt.Printf("vmtest: error: %s\n", r.Err)
	}
	line, err := json.Marshal(r)
	if err != nil {
		line = []byte(fmt.Sprintf(`{"name":%q,"err":"cannot encode result"}`, r.Name))
	}
	// One write, so the line reaches the console in one piece.
	os.Stdout.Write(append(append([]byte(plan.ResultMarker), line...), '\n'))
}

func powerOff() {
	unix.Sync()
	// Give the console time to drain before the VM disappears.
	time.Sleep(200 * time.Millisecond)
	if err := unix.Reboot(unix.LINUX_REBOOT_CMD_POWER_OFF); err != nil {
		// QEMU runs with -no-reboot, so a restart ends it too.
		unix.Reboot(unix.LINUX_REBOOT_CMD_RESTART)
	}
}
