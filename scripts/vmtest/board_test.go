package vmtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
)

// board is a QEMU machine the scenarios boot, with the Debian kernel it
// runs and every module any scenario loads on it.
type board struct {
	goarch    string
	qemu      string
	console   string
	memory    string
	modules   []string
	findFiles func() (kernelFiles, error)
	// machine returns the QEMU arguments that select the board.
	machine func(k kernelFiles) []string

	once  sync.Once
	image string // the base initramfs, built once per test run
	err   error
}

// kernelFiles is an unpacked Debian kernel: root holds lib/modules/<version>.
type kernelFiles struct {
	kernel, root, version, dtb string
}

var x86 = &board{
	goarch:  "amd64",
	qemu:    "qemu-system-x86_64",
	console: "ttyS0",
	memory:  "256",
	modules: []string{
		"e1000", "virtio_net", "virtio_pci", "xhci_pci", "cdc_ether", "rndis_host",
		"i2c_piix4", "i2c_dev", "at24", "sdhci_pci", "mmc_block",
	},
	findFiles: findAMD64Kernel,
	machine: func(kernelFiles) []string {
		return []string{"-M", "pc", "-vga", "none"}
	},
}

var arm = &board{
	goarch:    "arm",
	qemu:      "qemu-system-arm",
	console:   "ttyAMA0",
	memory:    "256",
	modules:   []string{"i2c_versatile", "i2c_dev"},
	findFiles: findArmhfKernel,
	machine: func(k kernelFiles) []string {
		return []string{"-M", "vexpress-a9", "-dtb", k.dtb}
	},
}

// findAMD64Kernel picks the last (in name order) /boot/vmlinuz-*-amd64 whose
// modules are installed; Debian normally has one.
func findAMD64Kernel() (kernelFiles, error) {
	kernels, _ := filepath.Glob("/boot/vmlinuz-*-amd64")
	sort.Strings(kernels)
	for i := len(kernels) - 1; i >= 0; i-- {
		v := filepath.Base(kernels[i])[len("vmlinuz-"):]
		if _, err := os.Stat(filepath.Join("/lib/modules", v, "modules.dep")); err == nil {
			return kernelFiles{kernel: kernels[i], root: "/", version: v}, nil
		}
	}
	return kernelFiles{}, fmt.Errorf("no /boot/vmlinuz-*-amd64 with modules in /lib/modules (install linux-image-amd64)")
}

// findArmhfKernel finds the armmp kernel scripts/vmtest-setup.sh unpacked.
func findArmhfKernel() (kernelFiles, error) {
	root := filepath.Join(cacheDir(), "armhf")
	kernels, _ := filepath.Glob(filepath.Join(root, "boot", "vmlinuz-*-armmp"))
	if len(kernels) == 0 {
		return kernelFiles{}, fmt.Errorf("no armhf kernel in %s (run scripts/vmtest-setup.sh)", root)
	}
	sort.Strings(kernels)
	k := kernels[len(kernels)-1]
	v := filepath.Base(k)[len("vmlinuz-"):]
	dtb := filepath.Join(root, "usr", "lib", "linux-image-"+v, "vexpress-v2p-ca9.dtb")
	if _, err := os.Stat(dtb); err != nil {
		return kernelFiles{}, fmt.Errorf("armhf kernel %s has no vexpress-a9 device tree: %w", v, err)
	}
	return kernelFiles{kernel: k, root: root, version: v, dtb: dtb}, nil
}

func cacheDir() string {
	if d := os.Getenv("HWIDENT_VMTEST_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "hwident-vmtest"
	}
	return filepath.Join(d, "hwident-vmtest")
}

// require returns the board's kernel, or ends the test: a skip on a
// developer machine without QEMU or kernels, a failure where HWIDENT_VMTEST
// is set (CI), because there a missing prerequisite is a broken setup.
func (b *board) require(t *testing.T) kernelFiles {
	t.Helper()
	k, err := b.findFiles()
	if err == nil {
		if _, lerr := exec.LookPath(b.qemu); lerr != nil {
			err = fmt.Errorf("%w (run scripts/vmtest-setup.sh)", lerr)
		}
	}
	if err != nil {
		if os.Getenv("HWIDENT_VMTEST") == "" {
			t.Skipf("skipping %s VM test: %v (with HWIDENT_VMTEST set this is a failure)", b.goarch, err)
		}
		t.Fatalf("%s VM test cannot run (HWIDENT_VMTEST is set): %v", b.goarch, err)
	}
	return k
}
