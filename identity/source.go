package identity

import (
	"errors"
	"fmt"
	"sort"
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

// schemes maps each scheme to the check of its argument.
var schemes = map[string]func(arg string) error{
	"net":     checkNetArg,
	"mmc":     oneOf("cid", "cid-raw", "serial", "sd-cid"),
	"dmi":     oneOf("product_serial", "product_uuid", "board_serial", "chassis_serial"),
	"soc":     oneOf("serial"),
	"dt":      oneOf("serial-number"),
	"cpuinfo": oneOf("serial"),
	"file":    checkFileArg,
	"eeprom":  func(arg string) error { _, err := ParseEEPROMSpec(arg); return err },
}

// Schemes lists the known source schemes, sorted.
func Schemes() []string {
	var s []string
	for k := range schemes {
		s = append(s, k)
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] }) // not sort.Strings: see Identity.JSON
	return s
}

// ParseSource parses and checks a source spec.
func ParseSource(spec string) (Source, error) {
	scheme, arg, ok := strings.Cut(spec, ":")
	if !ok || arg == "" {
		return Source{}, fmt.Errorf("%w %q: want scheme:argument, e.g. net:auto (schemes: %s)", ErrUnknownSource, spec, strings.Join(Schemes(), ", "))
	}
	check, ok := schemes[scheme]
	if !ok {
		return Source{}, fmt.Errorf("%w scheme %q in %q: use one of %s", ErrUnknownSource, scheme, spec, strings.Join(Schemes(), ", "))
	}
	if err := check(arg); err != nil {
		return Source{}, fmt.Errorf("%s: %w", spec, err)
	}
	return Source{Scheme: scheme, Arg: arg}, nil
}

func oneOf(args ...string) func(string) error {
	return func(arg string) error {
		for _, a := range args {
			if arg == a {
				return nil
			}
		}
		return fmt.Errorf("%w argument %q: use one of %s", ErrUnknownSource, arg, strings.Join(args, ", "))
	}
}

// checkNetArg accepts "mender", "auto" or an interface name as the kernel
// allows it (1-15 bytes, no '/', ':' or white space).
func checkNetArg(arg string) error {
	if len(arg) > 15 || strings.ContainsAny(arg, "/: \t") || arg == "." || arg == ".." {
		return fmt.Errorf("%w argument %q: want mender, auto or an interface name", ErrUnknownSource, arg)
	}
	return nil
}

func checkFileArg(arg string) error {
	if !strings.HasPrefix(arg, "/") {
		return fmt.Errorf("%w argument %q: file: needs an absolute path", ErrUnknownSource, arg)
	}
	return nil
}
