package board

import (
	"errors"
	"fmt"
	"io/fs"
)

// socDir is the kernel's soc_device for the main SoC. Drivers that know
// the SoC's fused unique ID put it in serial_number (i.MX, Tegra, Qualcomm,
// Amlogic...); soc_id names the SoC model, not the unit.
const socDir = "sys/devices/soc0"

// SoC is what sys/devices/soc0 says; absent attributes are "".
type SoC struct {
	Serial   string // serial_number: per unit
	ID       string // soc_id: the SoC model, e.g. "i.MX8MQ"
	Family   string
	Machine  string
	Revision string
}

// ReadSoC reads sys/devices/soc0. A machine without it returns an error
// wrapping fs.ErrNotExist.
func ReadSoC(fsys fs.FS) (SoC, error) {
	if _, err := fs.Stat(fsys, socDir); err != nil {
		return SoC{}, fmt.Errorf("SoC device: %w", err)
	}
	var s SoC
	for _, a := range []struct {
		name string
		dst  *string
	}{
		{"serial_number", &s.Serial}, {"soc_id", &s.ID}, {"family", &s.Family}, {"machine", &s.Machine}, {"revision", &s.Revision},
	} {
		v, err := readTrimmed(fsys, socDir+"/"+a.name)
		switch {
		case err == nil:
			*a.dst = v
		case !errors.Is(err, fs.ErrNotExist): // absent is "", unreadable is an error
			return SoC{}, fmt.Errorf("SoC device: %w", err)
		}
	}
	return s, nil
}
