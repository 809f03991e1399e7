package identity

import (
	"errors"
	"strings"
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

// TestPlaceholders: the placeholders as firmware and tools spell them
// (see the provenance at placeholders), in the spellings seen in the
// field; real serials that merely contain such words stay usable.
func TestPlaceholders(t *testing.T) {
	tests := []struct {
		in          string
		placeholder bool
	}{
		{"Not Available", true}, // Lenovo chassis serial
		{"NOT AVAILABLE", true},
		{"To Be Filled By O.E.M.", true}, // AMI
		{"ToBeFilledByO.E.M.", true},     // as systemd's hwdb matches it
		{"To be filled by OEM", true},
		{"Default string", true},
		{"Defaultstring", true},
		{"System Serial Number", true},
		{"Base Board Serial Number", true},
		{"Chassis Serial Number", true},
		{"Type2 - Board Serial Number", true}, // Insyde
		{"Type1 - 123456789", true},
		{"Type1 - TBD by OEM", true},
		{"System Product Name", true},
		{"System manufacturer", true},
		{"System Name", true},
		{"O.E.M.", true},
		{"OEM", true},
		{"N/A", true},
		{" n/a\t", true},
		{"Not Specified", true}, // dmidecode
		{"Not Present", true},
		{"Not Settable", true},
		{"<BAD INDEX>", true},
		{"<OUT OF SPEC>", true},
		{"Not Applicable", true},
		{"None", true},
		{"Unknown", true},
		{"0123456789", true},
		{"123456789", true},
		{"Serial Number", true},
		{"PF3XYZ12", false},
		{"NA1234567", false},
		{"OEM-4711", false},
		{"Not Available 2", false},
		{"Unknown-7F3A", false},
		{"N/A0042", false},
	}
	for _, tt := range tests {
		if got := IsPlaceholder(tt.in); got != tt.placeholder {
			t.Errorf("IsPlaceholder(%q) = %v", tt.in, got)
		}
		if err := CheckValue(tt.in); tt.placeholder != errors.Is(err, ErrPlaceholder) {
			t.Errorf("CheckValue(%q) = %v", tt.in, err)
		}
	}
}

// TestCheckValueQuotes: a bad value is quoted short and escaped in the
// error, however long it is.
func TestCheckValueQuotes(t *testing.T) {
	long := "\x1b[2J" + strings.Repeat("7", 5<<20)
	err := CheckValue(strings.Repeat("7", 5<<20))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("5 MB repeated value: error of %d bytes", len(err.Error()))
	}
	if err := CheckValue("\x1b\x1b\x1b"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("escape sequence reaches the message: %q", err)
	}
	_, err = ParseMAC(long)
	if err == nil || len(err.Error()) > 200 || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("ParseMAC of a 5 MB value: %d bytes", len(err.Error()))
	}
}
