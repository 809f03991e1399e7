package modem

import (
	"fmt"
	"strings"
)

// parseCRSM returns the response data of a +CRSM: sw1,sw2,"hex" answer whose
// status words say success (sw1 144, 145 or 146: 90 xx, or 91/92 xx,
// success with extra information).
func parseCRSM(lines []string) (string, error) {
	for _, l := range lines {
		v, ok := strings.CutPrefix(l, "+CRSM:")
		if !ok {
			continue
		}
		sw1, rest, _ := strings.Cut(strings.TrimSpace(v), ",")
		if sw1 != "144" && sw1 != "145" && sw1 != "146" {
			return "", fmt.Errorf("AT+CRSM: SIM status %.64q: %w", v, ErrNoAnswer)
		}
		_, data, ok := strings.Cut(rest, ",")
		data = strings.Trim(strings.TrimSpace(data), `"`)
		if !ok || len(data)%2 != 0 || strings.Trim(data, "0123456789abcdefABCDEF") != "" {
			return "", fmt.Errorf("AT+CRSM: %w: %.64q", ErrBadReply, v)
		}
		return data, nil
	}
	return "", fmt.Errorf("AT+CRSM: %w: no +CRSM line", ErrNoAnswer)
}

// parseCRSMICCID decodes EF_ICCID: BCD digits with the nibbles of each byte
// swapped (ITU-T E.118), padded with F.
func parseCRSMICCID(lines []string) (string, error) {
	data, err := parseCRSM(lines)
	if err != nil {
		return "", err
	}
	// The two hex digits of each byte swapped: "98940001" -> "89490010".
	b := []byte(data)
	for i := 0; i+1 < len(b); i += 2 {
		b[i], b[i+1] = b[i+1], b[i]
	}
	v := strings.TrimRight(string(b), "Ff")
	if !ValidICCID(v) {
		return "", fmt.Errorf("AT+CRSM: %w: EF_ICCID %.64q is no ICCID", ErrBadReply, data)
	}
	return v, nil
}

// ValidIMEI reports a 15-digit IMEI with a correct Luhn check digit.
func ValidIMEI(s string) bool {
	if len(s) != 15 || !isDigits(s) {
		return false
	}
	sum := 0 // Luhn
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// ValidIMSI reports 6 to 15 digits (MCC, MNC, MSIN; ITU-T E.212).
func ValidIMSI(s string) bool { return len(s) >= 6 && len(s) <= 15 && isDigits(s) }

// ValidICCID reports 18 to 20 digits starting with 89 (telecom, E.118).
func ValidICCID(s string) bool {
	return len(s) >= 18 && len(s) <= 20 && isDigits(s) && strings.HasPrefix(s, "89")
}

// validPaddedICCID is ValidICCID after the F padding some modems print.
func validPaddedICCID(s string) bool { return ValidICCID(strings.TrimRight(s, "Ff")) }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
