package eeprom

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwident/hwident/scripts/testkit/realdata"
)

// ipmiFRULabels maps ipmi-fru's labels to our field keys.
var ipmiFRULabels = map[string]string{
	"FRU Chassis Type":                  "chassis_type",
	"FRU Chassis Part Number":           "chassis_part_number",
	"FRU Chassis Serial Number":         "chassis_serial",
	"FRU Board Manufacturing Date/Time": "board_mfg_date",
	"FRU Board Manufacturer":            "board_manufacturer",
	"FRU Board Product Name":            "board_product",
	"FRU Board Serial Number":           "board_serial",
	"FRU Board Part Number":             "board_part_number",
	"FRU Product Manufacturer Name":     "product_manufacturer",
	"FRU Product Name":                  "product_name",
	"FRU Product Part/Model Number":     "product_part_number",
	"FRU Product Version":               "product_version",
	"FRU Product Serial Number":         "product_serial",
	"FRU Product Asset Tag":             "product_asset_tag",
}

// ipmiChassisTypes are the SMBIOS chassis type names ipmi-fru prints for
// the types in the real dumps.
var ipmiChassisTypes = map[string]string{"Rack Mount Chassis": "23", "SubChassis": "19"}

// ipmiFRUFields runs ipmi-fru on file and returns the fields it decoded and
// the areas it reported bad ("board", "product", ...).
func ipmiFRUFields(t *testing.T, file string) (map[string]string, map[string]bool) {
	cmd := exec.Command("ipmi-fru", "--fru-file="+file)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("ipmi-fru: %v", err)
	}
	fields, bad := map[string]string{}, map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		label, val, ok := strings.Cut(strings.TrimSpace(sc.Text()), ": ")
		if !ok {
			continue
		}
		if label == "FRU Error" {
			if area, ok := strings.CutSuffix(val, " info area checksum invalid"); ok {
				bad[area] = true
			}
			continue
		}
		key, ok := ipmiFRULabels[label]
		if !ok || fields[key] != "" {
			continue // repeated labels are custom fields of later areas
		}
		fields[key] = val
	}
	return fields, bad
}

// ipmiValue turns our value into ipmi-fru's spelling of it.
func ipmiValue(key, v string) string {
	switch key {
	case "board_mfg_date":
		tm, err := time.Parse("2006-01-02T15:04:00Z", v)
		if err != nil {
			return "unparsable " + v
		}
		return tm.Format("01/02/06 - 15:04:05")
	}
	return v
}

// TestFRUAgreesWithIPMIFRU compares our decode of every real FRU dump with
// freeipmi's ipmi-fru. Known, intended differences:
//   - ipmi-fru prints binary fields as "DEh ADh"; we print hex "dead".
//   - a zero manufacturing date means "unspecified": we leave it out,
//     ipmi-fru prints 01/01/96 - 00:00:00.
//   - fields ipmi-fru cannot decode ("Error '...'": non-English language
//     codes, BCD-plus digits D-F) we decode as the spec says.
//   - we drop trailing padding spaces.
func TestFRUAgreesWithIPMIFRU(t *testing.T) {
	if _, err := exec.LookPath("ipmi-fru"); err != nil {
		realdata.Skip(t, "ipmi-fru (freeipmi-tools) not installed")
	}
	dir := filepath.Join(realdataDir(t), "fru")
	files, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
	if len(files) == 0 {
		realdata.Skip(t, "no FRU dumps in %s", dir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			img, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			theirs, theirBad := ipmiFRUFields(t, file)
			ours := map[string]string{}
			ourBad := map[string]bool{}
			fru, err := DecodeFRU(img)
			var fe *FormatError
			switch {
			case err == nil:
				for _, f := range fru.Fields {
					ours[f.Key] = f.Value
				}
				for _, b := range fru.Bad {
					ourBad[areaOf(b)] = errors.Is(b, ErrChecksum)
				}
			case errors.As(err, &fe) && errors.Is(err, ErrChecksum):
				ourBad[areaOf(fe)] = true
			default:
				t.Fatalf("decode: %v", err)
			}
			for area := range theirBad {
				if !ourBad[area] {
					t.Errorf("ipmi-fru: %s area checksum invalid; we did not report it (bad areas: %v)", area, ourBad)
				}
			}
			for key, want := range theirs {
				got, ok := ours[key]
				switch {
				case strings.HasPrefix(want, "Error '"):
					t.Logf("%s: ipmi-fru: %s; we decode %q", key, want, got)
				case key == "board_mfg_date" && want == "01/01/96 - 00:00:00":
					if ok {
						t.Errorf("%s: unspecified date decoded as %q", key, got)
					}
				case key == "chassis_type":
					if n, known := ipmiChassisTypes[want]; !known || n != got {
						t.Errorf("%s: ipmi-fru %q, we %q (extend ipmiChassisTypes?)", key, want, got)
					}
				case strings.HasSuffix(want, "h") && strings.Contains(want, "h "):
					if hexFromIPMI(want) != got {
						t.Errorf("%s: ipmi-fru %q, we %q", key, want, got)
					}
				case strings.TrimRight(want, " ") != ipmiValue(key, got):
					t.Errorf("%s: ipmi-fru %q, we %q", key, want, got)
				}
			}
			for key, got := range ours {
				if _, ok := theirs[key]; !ok {
					t.Errorf("%s=%q: ipmi-fru does not show this field", key, got)
				}
			}
		})
	}
}

// areaOf names the FRU area a FormatError is about ("board area ...").
func areaOf(e *FormatError) string {
	area, _, _ := strings.Cut(e.Msg, " ")
	return area
}

// hexFromIPMI turns "DEh ADh" into "dead".
func hexFromIPMI(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, "h", ""), " ", ""))
}
