// Package scan classifies what a station's barcode scanner typed: a device
// label payload (decoded by the caller's decoder, normally payload.Decode) or
// a product serial, plain or in GS1 form (Digital Link URL or element
// string). docs/payload.md specifies the device label; docs/provisioning.md
// how a station pairs the two. Only the station side (hwident bind and
// serve) uses it. It is pure: no I/O and no regexp, so the product serial
// check is a function the caller supplies.
package scan

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
)

// Kind says what a station scan is.
type Kind int

const (
	DeviceLabel   Kind = iota + 1 // a device label payload
	ProductSerial                 // a product serial number
)

// Result is one classified barcode scan.
type Result struct {
	Kind    Kind
	Device  identity.Identity // DeviceLabel: the decoded identity
	Product string            // ProductSerial: the serial, upper case
	GTIN    string            // ProductSerial from GS1 data: the 14-digit GTIN
}

// Classifier tells device label payloads from product serials. Both
// tests are supplied by the caller: the label payload decoder (normally
// payload.Decode, which verifies the check symbols and returns payload.ErrNotLabel
// for text that is no label at all) and the product serial pattern, so this
// package stays free of regexp.
type Classifier struct {
	DecodeDevice    func(text string) (identity.Identity, error)
	IsProductSerial func(serial string) bool
}

// Sentinel errors of Classify.
var (
	ErrEmpty        = errors.New("scan is empty")
	ErrUnrecognised = errors.New("scan is neither a device label nor a product serial")
	ErrBadGS1       = errors.New("malformed GS1 data")
)

// Classify classifies one scan as a keyboard-wedge scanner types it:
// surrounding spaces are ignored and case is not trusted (Caps Lock flips
// it), so product serials are returned in upper case. A scan that decodes as
// a device label (checksum verified) is a device, even if it would also
// match the product pattern; one that looks like a label but fails to decode
// is an error, never a product serial. GS1 Digital Link URLs and GS1 element strings
// yield their AI 21 serial, which must match the product pattern too.
func (c Classifier) Classify(raw string) (Result, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Result{}, ErrEmpty
	}
	id, devErr := c.DecodeDevice(s)
	if devErr == nil {
		return Result{Kind: DeviceLabel, Device: id}, nil
	}
	looksLikeLabel := !errors.Is(devErr, payload.ErrNotLabel)
	gs1, isGS1, err := parseGS1(s)
	if err != nil {
		if looksLikeLabel {
			// A label URL (--url-template) is also a URL: report why it
			// failed as a label, not only that it is no Digital Link.
			return Result{}, fmt.Errorf("device label %s: %w (nor is it GS1 data: %w)", identity.Quote(s), devErr, err)
		}
		return Result{}, fmt.Errorf("%s: %w", identity.Quote(s), err)
	}
	if !isGS1 && looksLikeLabel {
		// It looks like a device label but does not check: a partial or
		// misread scan must never be taken for a product serial.
		return Result{}, fmt.Errorf("device label %s: %w", identity.Quote(s), devErr)
	}
	serial := s
	if isGS1 {
		serial = gs1.serial
	}
	serial = strings.ToUpper(serial)
	if !c.IsProductSerial(serial) {
		if isGS1 {
			return Result{}, fmt.Errorf("%w: GS1 serial %s in %s does not match the product serial pattern", ErrUnrecognised, identity.Quote(serial), identity.Quote(s))
		}
		return Result{}, fmt.Errorf("%w: %s does not match the product serial pattern", ErrUnrecognised, identity.Quote(s))
	}
	if err := identity.CheckValue(serial); err != nil {
		return Result{}, fmt.Errorf("product serial %w", err)
	}
	return Result{Kind: ProductSerial, Product: serial, GTIN: gs1.gtin}, nil
}
