package identity

import (
	"errors"
	"testing"
)

func TestCheckValue(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"PF3XYZ12", nil},
		{"4C4C4544-0042-3510-8052-B4C04F565432", nil},
		{"", ErrEmptyValue},
		{"   ", ErrEmptyValue},
		{"To be filled by O.E.M.", ErrPlaceholder},
		{"Default string", ErrPlaceholder},
		{"System Serial Number", ErrPlaceholder},
		{"N/A", ErrPlaceholder},
		{"0123456789", ErrPlaceholder},
		{"00000000-0000-0000-0000-000000000000", ErrAllZeroOrFF},
		{"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", ErrAllZeroOrFF},
		{"xxxxxx", ErrRepeated},
		{"-:-", ErrEmptyValue},
	}
	for _, tt := range tests {
		err := CheckValue(tt.in)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("CheckValue(%q) = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestCheckMAC(t *testing.T) {
	tests := []struct {
		in        string
		universal bool
		want      error
	}{
		{"b8:27:eb:12:34:56", true, nil},
		{"02:42:ac:11:00:02", false, nil},
		{"02:42:ac:11:00:02", true, ErrLocalAdmin},
		{"01:00:5e:00:00:01", false, ErrMulticast},
		{"00:00:00:00:00:00", false, ErrAllZeroOrFF},
		{"ff:ff:ff:ff:ff:ff", false, ErrAllZeroOrFF},
		{"b8:27:eb:12:34", false, ErrBadMAC},
		{"b8:27:eb:12:34:5g", false, ErrBadMAC},
		{"b8.27.eb.12.34.56", false, ErrBadMAC},
	}
	for _, tt := range tests {
		err := CheckMAC(tt.in, tt.universal)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("CheckMAC(%q, %v) = %v, want %v", tt.in, tt.universal, err, tt.want)
		}
	}
}
