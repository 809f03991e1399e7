package identity

import "errors"

// Sentinel errors; wrap them with context and test with errors.Is.
var (
	ErrEmptyIdentity = errors.New("identity has no attributes")
	ErrEmptyValue    = errors.New("value is empty")
	ErrPlaceholder   = errors.New("value is a vendor placeholder, not a serial number")
	ErrRepeated      = errors.New("value is one character repeated")
	ErrAllZeroOrFF   = errors.New("value is all zeros or all 0xff")
	ErrMulticast     = errors.New("MAC address is multicast")
	ErrLocalAdmin    = errors.New("MAC address is locally administered, not burnt in")
	ErrBadMAC        = errors.New("not a MAC address")
	ErrCorruptPin    = errors.New("pin file is corrupted: restore it from a backup or delete it to pin the current hardware again")
)
