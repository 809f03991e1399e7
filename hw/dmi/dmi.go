// Package dmi reads the serial numbers and UUID of a PC-class machine from
// its SMBIOS tables (parsed with u-root's pkg/smbios from the raw copies
// the kernel exports), falling back to the kernel's own decode in
// sys/class/dmi/id. Values are returned as the kernel's sysfs files show
// them; judging them (placeholders...) is the caller's job.
package dmi

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/hwident/hwident/hw/rootfs"
)

// Field names a DMI identifier by its sys/class/dmi/id file name.
type Field string

const (
	ProductSerial Field = "product_serial"
	ProductUUID   Field = "product_uuid"
	BoardSerial   Field = "board_serial"
	ChassisSerial Field = "chassis_serial"
)

// Fields lists the identifiers this package reads, in display order.
var Fields = []Field{ProductSerial, ProductUUID, BoardSerial, ChassisSerial}

// ErrNotPresent means the tables do not carry the field: no such
// structure, a structure too short for it, or string index 0.
var ErrNotPresent = errors.New("not present in the SMBIOS tables")

// Reading is a field's value and where it was read.
type Reading struct {
	Value string
	From  string // "SMBIOS 3.3.0" or "/sys/class/dmi/id/product_serial"
}

// Read returns field f: from the SMBIOS tables when they can be read and
// carry it, otherwise from sys/class/dmi/id (older kernels, tables the
// parser refuses, fields hidden from the tables file). The error, when
// both fail, names both causes.
//
// product_uuid is lower case however it was read: current kernels and the
// tables print it so, older kernels print it in upper case, and a kernel
// update must not change a device's identity.
func Read(fsys fs.FS, f Field) (Reading, error) {
	t, err := LoadTables(fsys)
	if err == nil {
		var v string
		if v, err = t.Get(f); err == nil {
			return Reading{Value: v, From: "SMBIOS " + t.Version()}, nil
		}
	}
	v, sysErr := ReadSysfs(fsys, f)
	if sysErr != nil {
		hint := ""
		if errors.Is(sysErr, fs.ErrPermission) {
			hint = " (the kernel lets only root read the tables and serial files: run as root)"
		}
		return Reading{}, fmt.Errorf("dmi %s: SMBIOS: %w; sysfs: %w%s", f, err, sysErr, hint)
	}
	if f == ProductUUID {
		v = strings.ToLower(v)
	}
	return Reading{Value: v, From: "/" + sysfsDir + "/" + string(f)}, nil
}

// sysfsDir holds the kernel's decode of the same tables; the serial files
// are readable by root only.
const sysfsDir = "sys/class/dmi/id"

// ReadSysfs reads sys/class/dmi/id/<f> without its trailing newline.
func ReadSysfs(fsys fs.FS, f Field) (string, error) {
	b, err := rootfs.ReadFile(fsys, sysfsDir+"/"+string(f), rootfs.AttrLimit)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(b), "\n"), nil
}
