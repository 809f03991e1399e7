package mmc

import "testing"

func TestEMMCManufacturer(t *testing.T) {
	tests := []struct{ manfid, want string }{
		{"0x000015", "Samsung"},
		{"0x000090", "SK hynix"},
		{"0x000011", "Toshiba"},
		{"0x0000fe", "0x0000fe"}, // not named by the kernel: as given
		{"", ""},
	}
	for _, tt := range tests {
		if got := EMMCManufacturer(tt.manfid); got != tt.want {
			t.Errorf("EMMCManufacturer(%q) = %q, want %q", tt.manfid, got, tt.want)
		}
	}
}
