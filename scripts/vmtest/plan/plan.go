// Package plan is the contract between the host-side VM tests and the guest
// uinit: the steps a booted guest runs and the result line it prints for each.
//
// The host writes the plan as JSON into the initramfs; the guest prints one
// marker line per step on the console, which survives kernel chatter around
// it because it is a single line of JSON.
package plan

// Path is where the guest finds the plan.
const Path = "/vmtest/plan.json"

// Console markers printed by the guest.
const (
	ResultMarker = "VMTEST-RESULT "
	DoneMarker   = "VMTEST-DONE"
)

// Step is one action in the guest. Exactly one of the action fields is set.
type Step struct {
	// Name identifies the step's result; unique within a plan.
	Name string `json:"name"`

	// Run executes argv and records its exit code, stdout and stderr.
	Run []string `json:"run,omitempty"`
	// ReadFile records the contents of the single file matching this glob
	// as stdout.
	ReadFile string `json:"read_file,omitempty"`
	// WriteFile writes Data to an existing file (sysfs attributes).
	WriteFile string `json:"write_file,omitempty"`
	Data      []byte `json:"data,omitempty"`
	// WaitFor waits until this glob matches something (devices probe
	// asynchronously).
	WaitFor string `json:"wait_for,omitempty"`
	// LoadModule loads a kernel module and its dependencies, like a NIC
	// driver for hardware that should appear after the first readings.
	LoadModule string `json:"load_module,omitempty"`
	// HideDir mounts an empty tmpfs over a directory, so hwident has to
	// take its fallback path.
	HideDir string `json:"hide_dir,omitempty"`
	// RevealDir unmounts what HideDir mounted.
	RevealDir string `json:"reveal_dir,omitempty"`
	// SMBusWrite programs Data from offset 0 into the chip at Addr on
	// /dev/i2c-Bus with SMBus byte-data writes.
	SMBusWrite *SMBusTarget `json:"smbus_write,omitempty"`
}

// SMBusTarget is a chip on an I²C bus.
type SMBusTarget struct {
	Bus  int `json:"bus"`
	Addr int `json:"addr"`
}

// Result is what the guest reports for one step.
type Result struct {
	Name   string `json:"name"`
	Exit   int    `json:"exit"`
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
	// Err is set when the step could not be carried out at all (a missing
	// file, a failed ioctl, a command that could not start).
	Err string `json:"err,omitempty"`
}
