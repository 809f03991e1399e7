package dmi

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/hwident/hwident/hw/rootfs"
	"github.com/u-root/u-root/pkg/smbios"
)

// The raw SMBIOS entry point and structure table, as the kernel exports them.
const (
	entryPointFile = "sys/firmware/dmi/tables/smbios_entry_point"
	tableFile      = "sys/firmware/dmi/tables/DMI"
)

// Tables are parsed SMBIOS tables.
type Tables struct {
	info *smbios.Info
	ver  uint32 // major<<16 | minor<<8 | docrev, with the kernel's fixups
}

// maxTable bounds the structure table file. SMBIOS 2 tables are at most
// 64 KiB (a 16-bit length); SMBIOS 3 allows 4 GiB, real ones, even of
// large servers, stay below 100 KB.
const maxTable = 1 << 20

// LoadTables reads and parses the raw tables under sys/firmware/dmi/tables.
func LoadTables(fsys fs.FS) (*Tables, error) {
	entry, err := rootfs.ReadFile(fsys, entryPointFile, rootfs.AttrLimit)
	if err != nil {
		return nil, err
	}
	table, err := rootfs.ReadFile(fsys, tableFile, maxTable)
	if err != nil {
		return nil, err
	}
	return ParseTables(entry, table)
}

// ParseTables parses an entry point (32-bit "_SM_" or 64-bit "_SM3_") and
// its structure table.
func ParseTables(entry, table []byte) (*Tables, error) {
	info, err := smbios.ParseInfo(entry, table)
	if err != nil {
		return nil, fmt.Errorf("parse SMBIOS tables: %w", err)
	}
	t := &Tables{info: info, ver: uint32(info.MajorVersion())<<16 | uint32(info.MinorVersion())<<8 | uint32(info.DocRev())}
	if info.Entry32 != nil {
		// Version fixups the kernel applies (dmi_scan.c: some BIOSes
		// report 2.31/2.33 for 2.3 and 2.51 for 2.6).
		switch t.ver >> 8 {
		case 0x021f, 0x0221:
			t.ver = 0x020300
		case 0x0233:
			t.ver = 0x020600
		}
	}
	return t, nil
}

// Version is the SMBIOS version, e.g. "3.3.0".
func (t *Tables) Version() string {
	return strconv.Itoa(int(t.ver>>16)) + "." + strconv.Itoa(int(t.ver>>8&0xff)) + "." + strconv.Itoa(int(t.ver&0xff))
}

// location of a field: structure type and offset in the formatted area
// (DSP0134: system 7.2, baseboard 7.3, chassis 7.4); ok is false for an
// unknown field.
func location(f Field) (typ smbios.TableType, off int, ok bool) {
	switch f {
	case ProductSerial:
		return smbios.TableTypeSystemInfo, 0x07, true
	case ProductUUID:
		return smbios.TableTypeSystemInfo, 0x08, true
	case BoardSerial:
		return smbios.TableTypeBaseboardInfo, 0x07, true
	case ChassisSerial:
		return smbios.TableTypeChassisInfo, 0x07, true
	}
	return 0, 0, false
}

// Get returns field f as the kernel's sys/class/dmi/id file would show it
// (without the newline). Like the kernel, only the first structure of each
// type counts. An all-zero or all-FF UUID, which the kernel hides, is
// returned as is so that callers can say why it is unusable.
func (t *Tables) Get(f Field) (string, error) {
	typ, off, ok := location(f)
	if !ok {
		return "", errors.New("unknown DMI field " + string(f))
	}
	tabs := t.info.GetTablesByType(typ)
	if len(tabs) == 0 {
		return "", fmt.Errorf("%s: no %v structure: %w", f, typ, ErrNotPresent)
	}
	tab := tabs[0]
	if f == ProductUUID {
		b, err := tab.GetBytesAt(off, 16)
		if err != nil {
			return "", fmt.Errorf("%s: structure too short (SMBIOS < 2.1): %w", f, ErrNotPresent)
		}
		return FormatUUID([16]byte(b), t.ver >= 0x020600), nil
	}
	// u-root turns string index 0 into "Not Specified"; the kernel leaves
	// the field empty. Check the index first.
	if idx, err := tab.GetByteAt(off); err != nil || idx == 0 {
		return "", fmt.Errorf("%s: %w", f, ErrNotPresent)
	}
	s, err := tab.GetStringAt(off)
	if err != nil {
		return "", fmt.Errorf("%s: %v: %w", f, err, ErrNotPresent)
	}
	return s, nil
}

// FormatUUID prints a UUID as the kernel's product_uuid does: lowercase;
// from SMBIOS 2.6 on the first three fields are stored little-endian
// (printk %pUl), before that big-endian (%pUb).
func FormatUUID(u [16]byte, littleEndian bool) string {
	order := [16]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	if littleEndian {
		order = [16]int{3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}
	}
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, j := range order {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, digits[u[j]>>4], digits[u[j]&15])
	}
	return string(out)
}
