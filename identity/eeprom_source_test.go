package identity

import (
	"errors"
	"testing"
)

func TestParseEEPROMSpecWidth(t *testing.T) {
	tests := []struct {
		in     string
		addr16 bool
		ok     bool
	}{
		{"i2c-1@0x54/16:fru:board_serial", true, true},
		{"i2c-1@0x54/8:fru:board_serial", false, true},
		{"i2c-1@0x54:fru:board_serial", false, true},
		{"i2c-1@0x54/32:fru:board_serial", false, false},
		{"i2c-1@0x54/:fru:board_serial", false, false},
		{"i2c-1@0x58:eui48", false, true},
	}
	for _, tt := range tests {
		s, err := ParseEEPROMSpec(tt.in)
		if tt.ok != (err == nil) || err == nil && (s.Addr16 != tt.addr16 || !s.Raw()) {
			t.Errorf("ParseEEPROMSpec(%q) = %+v, %v", tt.in, s, err)
		}
		if err != nil && !errors.Is(err, ErrUnknownSource) {
			t.Errorf("ParseEEPROMSpec(%q) error %v does not wrap ErrUnknownSource", tt.in, err)
		}
	}
}
