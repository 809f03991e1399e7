package identity

import (
	"errors"
	"slices"
	"testing"
)

func TestParseSource(t *testing.T) {
	tests := []struct {
		spec    string
		unknown bool // wraps ErrUnknownSource
	}{
		{"net:auto", false},
		{"net:end0", false},
		{"mmc:cid-raw", false},
		{"dmi:board_serial", false},
		{"dt:serial-number", false},
		{"cpuinfo:serial", false},
		{"soc:serial", false},
		{"file:/etc/serial", false},
		{"eeprom:i2c-0@0x50:onie:serial_number", false},
		{"mmc:csd", true},
		{"dmi:bios_version", true},
		{"usb:serial", true},
		{"net", true},
		{"net:a/b", true},
	}
	for _, tt := range tests {
		src, err := ParseSource(tt.spec)
		if got := errors.Is(err, ErrUnknownSource); got != tt.unknown {
			t.Errorf("ParseSource(%q) = %v, %v; want unknown %v", tt.spec, src, err, tt.unknown)
		}
		if err == nil && src.String() != tt.spec {
			t.Errorf("ParseSource(%q).String() = %q", tt.spec, src)
		}
	}
}

// TestSchemesSorted keeps the schemes table sorted, as Schemes promises.
func TestSchemesSorted(t *testing.T) {
	if s := Schemes(); !slices.IsSorted(s) || len(s) != len(schemes) {
		t.Errorf("Schemes() = %q, want the scheme table sorted", s)
	}
}
