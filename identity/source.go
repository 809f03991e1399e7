package identity

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Source names where an attribute's value comes from, as written in the
// config: "scheme:arg", e.g. "net:auto", "dmi:product_serial",
// "file:/etc/serial". The hardware is read by cmd/hwident; this package only
// checks the spelling.
type Source struct {
	Scheme string
	Arg    string
}

func (s Source) String() string { return s.Scheme + ":" + s.Arg }

// ErrUnknownSource is wrapped by ParseSource for a scheme or argument it does not know.
var ErrUnknownSource = errors.New("unknown source")

// schemes lists each scheme, sorted by name. A table, not a map of
// closures, so that it is static data: nothing to build at start-up.
var schemes = []schemeSpec{
	{name: "cpuinfo", args: []string{"serial"}},
	{name: "dmi", args: []string{"product_serial", "product_uuid", "board_serial", "chassis_serial"}},
	{name: "dt", args: []string{"serial-number"}},
	{name: "eeprom", check: checkEEPROMArg},
	{name: "file", check: checkFileArg},
	{name: "mmc", args: []string{"cid", "cid-raw", "serial", "sd-cid"}},
	{name: "modem", args: []string{"imei"}},
	{name: "net", check: checkNetArg},
	{name: "soc", args: []string{"serial"}},
}

type schemeSpec struct {
	name  string
	args  []string               // the arguments it takes, or
	check func(arg string) error // the check of its argument
}

// Schemes lists the known source schemes, sorted.
func Schemes() []string {
	s := make([]string, len(schemes))
	for i, sc := range schemes {
		s[i] = sc.name
	}
	return s
}

// ParseSource parses and checks a source spec.
func ParseSource(spec string) (Source, error) {
	scheme, arg, ok := strings.Cut(spec, ":")
	if !ok || arg == "" {
		return Source{}, fmt.Errorf("%w %s: want scheme:argument, e.g. net:auto (schemes: %s)", ErrUnknownSource, Quote(spec), strings.Join(Schemes(), ", "))
	}
	i := slices.IndexFunc(schemes, func(sc schemeSpec) bool { return sc.name == scheme })
	if i < 0 {
		return Source{}, fmt.Errorf("%w scheme %s in %s: use one of %s", ErrUnknownSource, Quote(scheme), Quote(spec), strings.Join(Schemes(), ", "))
	}
	if err := schemes[i].checkArg(arg); err != nil {
		return Source{}, fmt.Errorf("%s: %w", Quote(spec), err)
	}
	return Source{Scheme: scheme, Arg: arg}, nil
}

func (sc schemeSpec) checkArg(arg string) error {
	if sc.check != nil {
		return sc.check(arg)
	}
	if slices.Contains(sc.args, arg) {
		return nil
	}
	return fmt.Errorf("%w argument %s: use one of %s", ErrUnknownSource, Quote(arg), strings.Join(sc.args, ", "))
}

func checkEEPROMArg(arg string) error {
	_, err := ParseEEPROMSpec(arg)
	return err
}

// checkNetArg accepts "mender", "auto" or an interface name as the kernel
// allows it (1-15 bytes, no '/', ':' or white space).
func checkNetArg(arg string) error {
	if len(arg) > 15 || strings.ContainsAny(arg, "/: \t") || arg == "." || arg == ".." {
		return fmt.Errorf("%w argument %s: want mender, auto or an interface name", ErrUnknownSource, Quote(arg))
	}
	return nil
}

func checkFileArg(arg string) error {
	if !strings.HasPrefix(arg, "/") {
		return fmt.Errorf("%w argument %s: file: needs an absolute path", ErrUnknownSource, Quote(arg))
	}
	return nil
}
