package identity

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig(`# board identity
mac = net:auto

serial=dmi:product_serial
  # indented comment
@pin /data/hwident/identity
eeprom_sn=eeprom:i2c-0@0x50:onie:serial_number
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []AttrSpec{
		{Key: "mac", Source: Source{"net", "auto"}, Line: 2},
		{Key: "serial", Source: Source{"dmi", "product_serial"}, Line: 4},
		{Key: "eeprom_sn", Source: Source{"eeprom", "i2c-0@0x50:onie:serial_number"}, Line: 7},
	}
	if !reflect.DeepEqual(cfg.Attrs, want) {
		t.Errorf("Attrs = %+v, want %+v", cfg.Attrs, want)
	}
	if cfg.Pin != "/data/hwident/identity" || cfg.ProductSerial != DefaultProductSerialPath {
		t.Errorf("Pin = %q, ProductSerial = %q", cfg.Pin, cfg.ProductSerial)
	}
}

// TestParseConfigDirectiveTab: a tab separates a directive from its path
// as a space does (it was read as the unknown directive "pin\t/p").
func TestParseConfigDirectiveTab(t *testing.T) {
	cfg, err := ParseConfig("@pin\t/data/hwident/identity\n@product-serial \t/data/sn\n")
	if err != nil || cfg.Pin != "/data/hwident/identity" || cfg.ProductSerial != "/data/sn" {
		t.Fatalf("ParseConfig = %+v, %v", cfg, err)
	}
}

func TestParseConfigDefault(t *testing.T) {
	for _, text := range []string{"", "# only comments\n\n", "@pin /p\n"} {
		cfg, err := ParseConfig(text)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg.Attrs, DefaultConfig().Attrs) {
			t.Errorf("ParseConfig(%q).Attrs = %v, want Mender's default", text, cfg.Attrs)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		text    string
		line    int
		unknown bool // wraps ErrUnknownSource
	}{
		{"@inventory-cert relative.pem\n", 1, false},
		{"@inventory-cert /a.pem\n@inventory-cert /a.pem\n", 2, false},
		{"@product-serial /a\n@product-serial /b\n", 2, false},
		{"MAC=net:auto\n", 1, false},
		{"mac net:auto\n", 1, false},
		{"mac=\n", 1, true},
		{"mac=bogus:x\n", 1, true},
		{"mac=dmi:nonsense\n", 1, true},
		{"a=file:relative/path\n", 1, true},
		{"a=net:has space\n", 1, true},
		{"a=eeprom:i2c-0@0x50\n", 1, true},
		{"a=eeprom:i2c-0@0x99:onie:serial_number\n", 1, true},
		{"a=eeprom:0-0050:xml:serial\n", 1, true},
		{"@pin relative\n", 1, false},
		{"@pin /a\n@pin /b\n", 2, false},
		{"@frobnicate /a\n", 1, false},
	}
	for _, tt := range tests {
		_, err := ParseConfig(tt.text)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Line != tt.line {
			t.Errorf("ParseConfig(%q) = %v, want *FormatError on line %d", tt.text, err, tt.line)
			continue
		}
		if got := errors.Is(err, ErrUnknownSource); got != tt.unknown {
			t.Errorf("ParseConfig(%q): errors.Is(ErrUnknownSource) = %v, want %v", tt.text, got, tt.unknown)
		}
	}
}

func TestParseEEPROMSpec(t *testing.T) {
	tests := []struct {
		in   string
		want EEPROMSpec
	}{
		{"i2c-0@0x50:onie:serial_number", EEPROMSpec{Bus: 0, Addr: 0x50, Format: "onie", Field: "serial_number"}},
		{"0-0050:eui48", EEPROMSpec{Bus: 0, Addr: 0x50, Format: "eui48", devName: "0-0050"}},
		{"/sys/bus/nvmem/devices/0-00500/nvmem:fru:board_serial", EEPROMSpec{Bus: -1, Path: "/sys/bus/nvmem/devices/0-00500/nvmem", Format: "fru", Field: "board_serial"}},
	}
	for _, tt := range tests {
		got, err := ParseEEPROMSpec(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEEPROMSpec(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

// FuzzParseConfig: a config that parses has only valid, unique keys and
// sources that parse again from their printed form; the attributes it
// describes print back to a config that parses to the same thing.
func FuzzParseConfig(f *testing.F) {
	f.Add("mac=net:auto\n")
	f.Add("# c\nserial=dmi:product_serial\n@pin /data/p\nsn=eeprom:i2c-1@0x50:fru:board_serial\n")
	f.Add("a=file:/etc/x\r\nb=mmc:cid\n")
	f.Add("mac=net:eth0\nmac=net:eth1\n@inventory-cert /c.pem\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := ParseConfig(text)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Line < 1 {
				t.Fatalf("error %v is not a *FormatError with a line", err)
			}
			return
		}
		var again strings.Builder
		for i, a := range cfg.Attrs {
			// A key may repeat: Prev links each to the previous one.
			if !ValidKey(a.Key) || a.Prev > i || a.Prev > 0 && cfg.Attrs[a.Prev-1].Key != a.Key {
				t.Fatalf("attr %d %q: bad key or Prev %d", i, a.Key, a.Prev)
			}
			if _, err := ParseSource(a.Source.String()); err != nil {
				t.Fatalf("source %q does not parse again: %v", a.Source, err)
			}
			again.WriteString(a.Key + "=" + a.Source.String() + "\n")
		}
		cfg2, err := ParseConfig(again.String())
		if err != nil || len(cfg2.Attrs) != len(cfg.Attrs) {
			t.Fatalf("reprinted config %q: %v", again.String(), err)
		}
		for i := range cfg.Attrs {
			if cfg2.Attrs[i].Key != cfg.Attrs[i].Key || cfg2.Attrs[i].Source != cfg.Attrs[i].Source {
				t.Fatalf("attr %d: %v became %v", i, cfg.Attrs[i], cfg2.Attrs[i])
			}
		}
	})
}

// A key may repeat with another source: one attribute per line, in order.
func TestParseConfigRepeatedKey(t *testing.T) {
	c, err := ParseConfig("mac=net:eth0\nserial=soc:serial\nmac=net:eth1\n@inventory-cert /etc/ssl/dev.pem\n@inventory-cert /etc/ssl/vpn.pem\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range c.Attrs {
		got = append(got, a.Key+"="+a.Source.String()+"@"+strconv.Itoa(a.Line))
	}
	if want := []string{"mac=net:eth0@1", "serial=soc:serial@2", "mac=net:eth1@3"}; !slices.Equal(got, want) {
		t.Errorf("attrs %q, want %q", got, want)
	}
	if prev := []int{c.Attrs[0].Prev, c.Attrs[1].Prev, c.Attrs[2].Prev}; !slices.Equal(prev, []int{0, 0, 1}) {
		t.Errorf("Prev %v, want [0 0 1]: the second mac links to the first", prev)
	}
	if want := []string{"/etc/ssl/dev.pem", "/etc/ssl/vpn.pem"}; !slices.Equal(c.InventoryCerts, want) {
		t.Errorf("certs %q, want %q", c.InventoryCerts, want)
	}
}
