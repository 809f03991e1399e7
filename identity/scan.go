package identity

import (
	"errors"
	"fmt"
	"strings"
)

// ScanKind says what a station scan is.
type ScanKind int

const (
	ScanDevice  ScanKind = iota + 1 // a device label payload
	ScanProduct                     // a product serial number
)

// Scan is one classified barcode scan.
type Scan struct {
	Kind    ScanKind
	Device  Identity // ScanDevice: the decoded identity
	Product string   // ScanProduct: the serial, upper case
	GTIN    string   // ScanProduct from GS1 data: the 14-digit GTIN
}

// ScanClassifier tells device label payloads from product serials. Both
// tests are supplied by the caller: the label payload decoder (normally
// DecodePayload, which verifies the check symbols and returns ErrNotPayload
// for text that is no label at all) and the product serial pattern, so this
// package stays free of regexp.
type ScanClassifier struct {
	DecodeDevice    func(payload string) (Identity, error)
	IsProductSerial func(serial string) bool
}

// Sentinel errors of Classify.
var (
	ErrEmptyScan        = errors.New("scan is empty")
	ErrUnrecognisedScan = errors.New("scan is neither a device label nor a product serial")
	ErrBadGS1           = errors.New("malformed GS1 data")
)

// Classify classifies one scan as a keyboard-wedge scanner types it:
// surrounding spaces are ignored and case is not trusted (Caps Lock flips
// it), so product serials are returned in upper case. A scan that decodes as
// a device label (checksum verified) is a device, even if it would also
// match the product pattern; one that looks like a label but fails to decode
// is an error, never a product serial. GS1 Digital Link URLs and GS1 element strings
// yield their AI 21 serial, which must match the product pattern too.
func (c ScanClassifier) Classify(raw string) (Scan, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Scan{}, ErrEmptyScan
	}
	id, devErr := c.DecodeDevice(s)
	if devErr == nil {
		return Scan{Kind: ScanDevice, Device: id}, nil
	}
	looksLikeLabel := !errors.Is(devErr, ErrNotPayload)
	gs1, isGS1, err := parseGS1(s)
	if err != nil {
		if looksLikeLabel {
			// A label URL (--url-template) is also a URL: report why it
			// failed as a label, not only that it is no Digital Link.
			return Scan{}, fmt.Errorf("device label %s: %w (nor is it GS1 data: %w)", Quote(s), devErr, err)
		}
		return Scan{}, fmt.Errorf("%s: %w", Quote(s), err)
	}
	if !isGS1 && looksLikeLabel {
		// It looks like a device label but does not check: a partial or
		// misread scan must never be taken for a product serial.
		return Scan{}, fmt.Errorf("device label %s: %w", Quote(s), devErr)
	}
	serial := s
	if isGS1 {
		serial = gs1.serial
	}
	serial = strings.ToUpper(serial)
	if !c.IsProductSerial(serial) {
		if isGS1 {
			return Scan{}, fmt.Errorf("%w: GS1 serial %s in %s does not match the product serial pattern", ErrUnrecognisedScan, Quote(serial), Quote(s))
		}
		return Scan{}, fmt.Errorf("%w: %s does not match the product serial pattern", ErrUnrecognisedScan, Quote(s))
	}
	if err := CheckValue(serial); err != nil {
		return Scan{}, fmt.Errorf("product serial %w", err)
	}
	return Scan{Kind: ScanProduct, Product: serial, GTIN: gs1.gtin}, nil
}
