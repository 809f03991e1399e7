package mmc

import (
	"errors"
	"strconv"
)

// Sentinel errors; wrap them with context and test with errors.Is.
var (
	// ErrAmbiguousType: the CID is plausible as both an eMMC and an SD CID
	// (or as neither); the caller must say which it is.
	ErrAmbiguousType = errors.New("cannot tell an eMMC CID from an SD CID: give the type (--type mmc or --type sd)")
	ErrUnknownType   = errors.New("unknown card type: use MMC or SD")
	ErrNoCard        = errors.New("no such MMC card")
	ErrManyCards     = errors.New("more than one MMC card qualifies")
)

// FormatError reports a malformed CID at a byte offset of the input text.
type FormatError struct {
	Off int
	Msg string
}

func (e *FormatError) Error() string { return "CID offset " + strconv.Itoa(e.Off) + ": " + e.Msg }
