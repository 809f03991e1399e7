package mmc

import "testing"

func TestCIDPrefix(t *testing.T) {
	tests := []struct {
		cid, want string
		ok        bool
	}{
		{"11010030303847423004348fc3eea600", "11010030303847423004348fc3eea6", true},
		{"11010030303847423004348FC3EEA6FF", "11010030303847423004348fc3eea6", true}, // the CRC byte never counts
		{"11010030303847423004348fc3eea6", "", false},                                // 30 digits: not what the kernel writes
		{"0x11010030303847423004348fc3eea6", "", false},
		{"11010030-30384742-3004348f-c3eea6", "", false},
		{"11010030303847423004348fc3eea6000", "", false},
		{"11010030303847423004348fc3eea6zz", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Card{Dev: "mmc0:0001", CID: tt.cid}.CIDPrefix()
		if got != tt.want || ok != tt.ok {
			t.Errorf("CIDPrefix(%q) = %q, %v; want %q, %v", tt.cid, got, ok, tt.want, tt.ok)
		}
	}
}
