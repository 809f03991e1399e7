package board

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

const rpi4CPUInfo = `processor	: 0
BogoMIPS	: 108.00
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU part	: 0xd08

processor	: 1
BogoMIPS	: 108.00

Hardware	: BCM2835
Revision	: c03114
Serial		: 10000000a3b4c5d6
Model		: Raspberry Pi 4 Model B Rev 1.4
`

func TestParseCPUInfo(t *testing.T) {
	tests := []struct {
		name, text string
		want       CPUInfo
	}{
		{"rpi4", rpi4CPUInfo, CPUInfo{Serial: "10000000a3b4c5d6", Hardware: "BCM2835", Revision: "c03114", Model: "Raspberry Pi 4 Model B Rev 1.4"}},
		{"x86 has no board lines", "processor\t: 0\nmodel name\t: Intel(R) Core(TM) i5\nmodel\t\t: 142\n", CPUInfo{}},
		{"first wins, CRLF", "Serial : 01\r\nSerial : 02\r\n", CPUInfo{Serial: "01"}},
		{"value with colon", "Hardware\t: Generic DT: i.MX\n", CPUInfo{Hardware: "Generic DT: i.MX"}},
		{"empty", "", CPUInfo{}},
	}
	for _, tt := range tests {
		if got := ParseCPUInfo(tt.text); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseDTString(t *testing.T) {
	tests := []struct {
		in   string
		want string
		off  int // -1: no error
	}{
		{"10000000a3b4c5d6\x00", "10000000a3b4c5d6", -1},
		{"no-terminator", "no-terminator", -1},
		{"\x00", "", -1},
		{"fsl,imx8mq\x00fsl,imx8m\x00", "", 10},
	}
	for _, tt := range tests {
		got, err := ParseDTString([]byte(tt.in))
		var fe *FormatError
		switch {
		case tt.off < 0 && (err != nil || got != tt.want):
			t.Errorf("ParseDTString(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.off >= 0 && (!errors.As(err, &fe) || fe.Off != tt.off):
			t.Errorf("ParseDTString(%q) error = %v, want FormatError at %d", tt.in, err, tt.off)
		}
	}
}

func TestReadSoCAndDT(t *testing.T) {
	fsys := fstest.MapFS{
		"sys/devices/soc0/serial_number":             {Data: []byte("0x1234567890ABCDEF\n")},
		"sys/devices/soc0/soc_id":                    {Data: []byte("i.MX8MQ\n")},
		"sys/firmware/devicetree/base/serial-number": {Data: []byte("A1B2C3\x00")},
		"sys/firmware/devicetree/base/model":         {Data: []byte("NXP i.MX8MQ EVK\x00")},
		"sys/firmware/devicetree/base/compatible":    {Data: []byte("fsl,imx8mq-evk\x00fsl,imx8mq\x00")},
	}
	s, err := ReadSoC(fsys)
	if err != nil || s.Serial != "0x1234567890ABCDEF" || s.ID != "i.MX8MQ" || s.Family != "" {
		t.Errorf("ReadSoC = %+v, %v", s, err)
	}
	if v, err := ReadDTString(fsys, "serial-number"); err != nil || v != "A1B2C3" {
		t.Errorf("serial-number = %q, %v", v, err)
	}
	var fe *FormatError
	if _, err := ReadDTString(fsys, "compatible"); !errors.As(err, &fe) {
		t.Errorf("compatible: %v, want FormatError", err)
	}
	if _, err := ReadSoC(fstest.MapFS{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no soc0: %v", err)
	}
	if _, err := ReadDTString(fstest.MapFS{}, "serial-number"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no DT: %v", err)
	}
	if c, err := ReadCPUInfo(fstest.MapFS{"proc/cpuinfo": {Data: []byte(rpi4CPUInfo)}}); err != nil || c.Serial != "10000000a3b4c5d6" {
		t.Errorf("ReadCPUInfo = %+v, %v", c, err)
	}
}

// FuzzParseCPUInfo: every value found is trimmed, single-line, and reads
// back the same from a cpuinfo rendered from it.
func FuzzParseCPUInfo(f *testing.F) {
	f.Add(rpi4CPUInfo)
	f.Add("Serial\t\t: 0000000000000000\nHardware: x\n")
	f.Fuzz(func(t *testing.T, text string) {
		c := ParseCPUInfo(text)
		var b strings.Builder
		for _, kv := range [][2]string{{"Serial", c.Serial}, {"Hardware", c.Hardware}, {"Revision", c.Revision}, {"Model", c.Model}} {
			if kv[1] != strings.TrimSpace(kv[1]) || strings.ContainsAny(kv[1], "\n") {
				t.Fatalf("%s = %q is not a trimmed line", kv[0], kv[1])
			}
			if kv[1] != "" {
				b.WriteString(kv[0] + "\t\t: " + kv[1] + "\n")
			}
		}
		if again := ParseCPUInfo(b.String()); again != c {
			t.Fatalf("round trip: %+v, want %+v", again, c)
		}
	})
}

// FuzzParseDTString: a value read back with its NUL appended is the same
// value, and never contains a NUL.
func FuzzParseDTString(f *testing.F) {
	f.Add([]byte("10000000a3b4c5d6\x00"))
	f.Add([]byte("a\x00b\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseDTString(b)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Off >= len(b) || b[fe.Off] != 0 {
				t.Fatalf("error %v does not point at a NUL", err)
			}
			return
		}
		if strings.ContainsRune(v, 0) {
			t.Fatalf("value %q contains NUL", v)
		}
		if again, err := ParseDTString(append([]byte(v), 0)); err != nil || again != v {
			t.Fatalf("round trip %q: %q, %v", v, again, err)
		}
	})
}
