package hawkbit

import (
	"errors"
	"strconv"

	"github.com/hwident/hwident/identity"
)

// What a hawkBit server accepts from a controller (eclipse-hawkbit/hawkbit,
// hawkbit-repository-api .../model/Target.java and hawkbit-repository-jpa
// .../management/JpaControllerManagement.java; README "Other agents").
// The controller id (target_name) is the identity hash, 64 hex digits:
// hawkBit takes 1 to 64 characters without white space before 0.3.0, 256
// since.
const (
	// MaxKey and MaxValue bound a target attribute's key and value, in
	// characters (hawkBit 0.3.0 and later; keys were 32 before).
	MaxKey   = 128
	MaxValue = 128
	// MaxAttributes is hawkBit's default quota of attributes per target
	// (hawkbit.server.security.dos.maxAttributeEntriesPerTarget).
	MaxAttributes = 100
)

// ErrLimit is wrapped by every *LimitError.
var ErrLimit = errors.New("the identity does not fit rauc-hawkbit-updater's [device] section or hawkBit's target attributes")

// rule is one limit an attribute can break.
type rule int

const (
	ruleKeyLength rule = iota + 1
	ruleValueLength
	ruleCharacter
	ruleSpace
	ruleAttributes
)

// LimitError names the [device] key that breaks a limit, and the fix.
type LimitError struct {
	Key  string
	rule rule
	n    int  // the key's or value's length, for the length rules
	char rune // ruleCharacter: the first character hawkBit refuses
}

func (e *LimitError) Error() string {
	const byHand = "; to register the device anyway, take target_name from `hwident identity --format id` and write [device] by hand"
	at := "[device] key " + identity.QuoteName(e.Key) + ": "
	switch e.rule {
	case ruleKeyLength:
		return at + "the key is " + strconv.Itoa(e.n) + " characters, hawkBit takes at most " + strconv.Itoa(MaxKey) + " in a target attribute key: use a shorter key in the config"
	case ruleValueLength:
		return at + "the value is " + strconv.Itoa(e.n) + " characters (percent-encoded, repeated values joined by \", \"), hawkBit takes at most " + strconv.Itoa(MaxValue) + " in a target attribute value" + byHand
	case ruleCharacter:
		return at + "the value holds " + identity.Quote(string(e.char)) + ", which hawkBit refuses in a target attribute (printable ASCII only, without ` and ~)" + byHand
	case ruleSpace:
		return at + "the value starts or ends with a space, which rauc-hawkbit-updater drops from [device] values" + byHand
	case ruleAttributes:
		return at + "more than " + strconv.Itoa(MaxAttributes) + " attribute keys, hawkBit's default quota per target (hawkbit.server.security.dos.maxAttributeEntriesPerTarget): configure fewer attributes"
	}
	return at + ErrLimit.Error()
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// checkAttribute reports a [device] entry the updater would not read back
// as written or hawkBit would refuse. Keys are identity keys
// ([a-z0-9_.-]+), which both take; value is already percent-encoded, so
// it holds no control byte and no invalid UTF-8.
func checkAttribute(key, value string) error {
	switch {
	case len(key) > MaxKey:
		return &LimitError{Key: key, rule: ruleKeyLength, n: len(key)}
	}
	for _, r := range value {
		if !attributeChar(r) {
			return &LimitError{Key: key, rule: ruleCharacter, char: r}
		}
	}
	// All ASCII now: bytes are characters, as hawkBit counts them.
	switch {
	case len(value) > MaxValue:
		return &LimitError{Key: key, rule: ruleValueLength, n: len(value)}
	case value != "" && (value[0] == ' ' || value[len(value)-1] == ' '):
		// GLib skips the spaces after '=', the updater strips trailing
		// ones (g_strchomp in its config-file.c).
		return &LimitError{Key: key, rule: ruleSpace}
	}
	return nil
}

// attributeChar reports the bytes hawkBit 0.9 and later accept in a target
// attribute (its pattern in JpaControllerManagement): printable ASCII and
// white space except ` and ~; an encoded value's only white space is ' '.
func attributeChar(c rune) bool {
	return c >= ' ' && c < 0x7f && c != '`' && c != '~'
}
