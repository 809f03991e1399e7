package scan

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
)

// testDeviceDecoder stands in for the label payload codec with the same
// error contract: "DEV-" followed by a MAC. It is all Classify needs to know
// about device labels.
func testDeviceDecoder(s string) (identity.Identity, error) {
	rest, ok := strings.CutPrefix(strings.ToUpper(s), "DEV-")
	if !ok {
		return nil, payload.ErrNotLabel
	}
	if err := identity.CheckMAC(rest, false); err != nil {
		return nil, err
	}
	return identity.Identity{{Key: "mac", Value: strings.ToLower(rest)}}, nil
}

var testSerialPattern = regexp.MustCompile(`^[0-9A-Z][0-9A-Z._/-]{3,39}$`)

var testClassifier = Classifier{DecodeDevice: testDeviceDecoder, IsProductSerial: testSerialPattern.MatchString}

func TestClassify(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Result
		wantErr error
	}{
		{"device", "DEV-B8:27:EB:12:34:56", Result{Kind: DeviceLabel, Device: identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}}}, nil},
		{"device lower case and spaces", "  dev-b8:27:eb:12:34:56 ", Result{Kind: DeviceLabel, Device: identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}}}, nil},
		{"serial", "PRD-000123", Result{Kind: ProductSerial, Product: "PRD-000123"}, nil},
		{"serial caps lock", "prd-000123", Result{Kind: ProductSerial, Product: "PRD-000123"}, nil},
		{"digital link", "https://id.gs1.org/01/09506000134352/21/abc123", Result{Kind: ProductSerial, Product: "ABC123", GTIN: "09506000134352"}, nil},
		{"digital link other host, prefix, query", "HTTPS://example.com/p/01/9506000134352/10/LOT1/21/SN%2F77?17=261231", Result{Kind: ProductSerial, Product: "SN/77", GTIN: "09506000134352"}, nil},
		{"digital link cpv before serial", "http://brand.example/01/09506000134352/22/2A/21/X990", Result{Kind: ProductSerial, Product: "X990", GTIN: "09506000134352"}, nil},
		{"bracketed", "(01)09506000134352(21)ABC123", Result{Kind: ProductSerial, Product: "ABC123", GTIN: "09506000134352"}, nil},
		{"bracketed serial first", "(21)ABC123(01)09506000134352", Result{Kind: ProductSerial, Product: "ABC123", GTIN: "09506000134352"}, nil},
		{"raw with FNC1 and GS", "\x1d0109506000134352" + "10LOT7\x1d21ABC123", Result{Kind: ProductSerial, Product: "ABC123", GTIN: "09506000134352"}, nil},
		{"raw symbology id", "]d20109506000134352" + "21ABC123\x1d17261231", Result{Kind: ProductSerial, Product: "ABC123", GTIN: "09506000134352"}, nil},
		{"raw no separators", "0109506000134352" + "21ABC123", Result{Kind: ProductSerial, Product: "ABC123", GTIN: "09506000134352"}, nil},
		{"raw serial only", "]C121ABC123", Result{Kind: ProductSerial, Product: "ABC123"}, nil},
		{"raw serial then unknown AI", "]C121ABC123\x1d7003261231", Result{Kind: ProductSerial, Product: "ABC123"}, nil},
		{"digits that are not GS1", "0109506000134353" + "21ABC123", Result{Kind: ProductSerial, Product: "01095060001343532" + "1ABC123"}, nil},
		{"empty", " \t ", Result{}, ErrEmpty},
		{"garbage", "hello world!", Result{}, ErrUnrecognised},
		{"damaged device label", "DEV-B8:27:EB:12:34", Result{}, identity.ErrBadMAC},
		{"placeholder serial", "unknown", Result{}, identity.ErrPlaceholder},
		{"repeated serial", "00000000", Result{}, identity.ErrAllZeroOrFF},
		{"digital link without serial", "https://id.gs1.org/01/09506000134352", Result{}, ErrBadGS1},
		{"digital link bad GTIN", "https://id.gs1.org/01/09506000134353/21/A1", Result{}, ErrBadGS1},
		{"digital link bad escape", "https://id.gs1.org/01/09506000134352/21/A%G1", Result{}, ErrBadGS1},
		{"bracketed no serial", "(01)09506000134352", Result{}, ErrBadGS1},
		{"bracketed garbage", "(01", Result{}, ErrBadGS1},
		{"raw unknown AI first", "]C17003261231\x1d21A1", Result{}, ErrBadGS1},
		{"raw truncated GTIN", "]C101095060", Result{}, ErrBadGS1},
		{"serial too long", "(21)ABCDEFGHIJKLMNOPQRSTU", Result{}, ErrBadGS1},
		{"GS1 serial not matching pattern", "(21)A!", Result{}, ErrUnrecognised},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := testClassifier.Classify(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Classify(%q) error = %v, want %v", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Classify(%q): %v", tt.in, err)
			}
			if got.Kind != tt.want.Kind || got.Product != tt.want.Product || got.GTIN != tt.want.GTIN || !slices.Equal(got.Device, tt.want.Device) {
				t.Errorf("Classify(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidGTIN(t *testing.T) {
	for _, g := range []string{"09506000134352", "9506000134352", "96385074", "036000291452"} {
		if !validGTIN(g) {
			t.Errorf("validGTIN(%q) = false", g)
		}
	}
	for _, g := range []string{"09506000134353", "96385075", "1234567", "0950600013435X"} {
		if validGTIN(g) {
			t.Errorf("validGTIN(%q) = true", g)
		}
	}
}

// escapeDigitalLink percent-encodes what may not appear raw in a URL path segment.
func escapeDigitalLink(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
	}
	return b.String()
}

// FuzzGS1Serial checks that every valid AI 21 serial survives all three GS1
// encodings a scanner may send.
func FuzzGS1Serial(f *testing.F) {
	for _, s := range []string{"ABC123", "sn/77", "A(1)B", "x%y", "!\"%&'()*+,-./:;<=>?_z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, serial string) {
		if checkGS1Serial(serial) != nil {
			return
		}
		forms := []string{
			"https://id.gs1.org/01/09506000134352/21/" + escapeDigitalLink(serial),
			"\x1d0109506000134352" + "21" + serial + "\x1d17261231",
			"]Q321" + serial + "\x1d0109506000134352",
		}
		if !strings.Contains(serial, "(") {
			forms = append(forms, "(01)09506000134352(21)"+serial)
		}
		for _, in := range forms {
			g, ok, err := parseGS1(in)
			if !ok || err != nil || g.serial != serial || g.gtin != "09506000134352" {
				t.Errorf("parseGS1(%q) = %+v, %v, %v; want serial %q", in, g, ok, err, serial)
			}
		}
	})
}

// FuzzClassify checks the invariants of any classification.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"DEV-B8:27:EB:12:34:56", "PRD-1", "(21)X", "https://a/01/09506000134352/21/Q", "]C1\x1d", "((", "01095060001343522"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := testClassifier.Classify(in)
		if err != nil {
			return
		}
		switch got.Kind {
		case DeviceLabel:
			if len(got.Device) == 0 {
				t.Errorf("Classify(%q): device without identity", in)
			}
		case ProductSerial:
			if got.Product != strings.ToUpper(got.Product) || !testSerialPattern.MatchString(got.Product) || identity.CheckValue(got.Product) != nil {
				t.Errorf("Classify(%q): product %q is not a normalised serial", in, got.Product)
			}
			if got.GTIN != "" && (len(got.GTIN) != 14 || !validGTIN(got.GTIN)) {
				t.Errorf("Classify(%q): bad GTIN %q", in, got.GTIN)
			}
		default:
			t.Errorf("Classify(%q): kind %d", in, got.Kind)
		}
	})
}

func TestClassifyLabelPayload(t *testing.T) {
	c := Classifier{DecodeDevice: payload.Decode, IsProductSerial: testSerialPattern.MatchString}
	id := identity.Identity{{Key: "mac", Value: "b8:27:eb:12:34:56"}, {Key: "serial", Value: "00000000a1b2c3d4"}}
	p, err := payload.Encode(id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Classify(strings.ToLower(p) + "\r")
	if err != nil || got.Kind != DeviceLabel || !slices.Equal(got.Device, id) {
		t.Fatalf("Classify(payload) = %+v, %v; want device %v", got, err, id)
	}
	damaged := p[:len(p)-1] + otherSymbol(p[len(p)-1])
	if _, err := c.Classify(damaged); !errors.Is(err, payload.ErrCheck) {
		t.Errorf("Classify(damaged payload %q) error = %v, want payload.ErrCheck", damaged, err)
	}
	if _, err := c.Classify(p[:len(p)/2]); !errors.Is(err, payload.ErrCheck) && !errors.Is(err, payload.ErrDamaged) {
		t.Errorf("Classify(half payload) error = %v, want a payload error", err)
	}
	if got, err := c.Classify("PRD-000123"); err != nil || got.Kind != ProductSerial {
		t.Errorf("Classify(serial) = %+v, %v", got, err)
	}
}

// A label URL made with --url-template that fails its check is reported as
// a damaged label ("scan again"), not only as a URL that is no Digital Link.
func TestClassifyDamagedLabelURL(t *testing.T) {
	c := Classifier{DecodeDevice: payload.Decode, IsProductSerial: testSerialPattern.MatchString}
	p, err := payload.Encode(identity.Identity{{Key: "mac", Value: "aa:bb:cc:dd:ee:ff"}})
	if err != nil {
		t.Fatal(err)
	}
	good := "HTTPS://PROV.EXAMPLE.COM/D/" + p
	if got, err := c.Classify(good); err != nil || got.Kind != DeviceLabel {
		t.Fatalf("Classify(%q) = %+v, %v; want a device", good, got, err)
	}
	damaged := good[:len(good)-1] + otherSymbol(good[len(good)-1])
	if _, err := c.Classify(damaged); !errors.Is(err, payload.ErrCheck) {
		t.Errorf("Classify(%q) error = %v, want payload.ErrCheck", damaged, err)
	}
}

// TestClassifyHWPrefix: a plain serial that starts like a label payload is
// rejected as a damaged label; in GS1 form it is a serial.
func TestClassifyHWPrefix(t *testing.T) {
	c := Classifier{DecodeDevice: payload.Decode, IsProductSerial: testSerialPattern.MatchString}
	if _, err := c.Classify("HW-1234"); !errors.Is(err, payload.ErrDamaged) {
		t.Errorf("Classify(HW-1234) error = %v, want payload.ErrDamaged", err)
	}
	if got, err := c.Classify("(21)HW-1234"); err != nil || got.Product != "HW-1234" {
		t.Errorf("Classify((21)HW-1234) = %+v, %v", got, err)
	}
}

// otherSymbol is a payload symbol other than c: a single substitution,
// which the check symbols always catch.
func otherSymbol(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
