package identity

import (
	"strconv"
	"strings"
)

// Config is a parsed /etc/hwident.conf.
//
//	# comment
//	mac=net:auto
//	serial=dmi:product_serial
//	@pin /data/hwident/identity
//
// Attribute lines are key=SOURCE, in output order. Lines starting with '@'
// are directives; keys cannot start with '@', so the two never clash.
type Config struct {
	Attrs []AttrSpec
	// Pin is the file that records the first identity (empty: no pinning).
	Pin string
	// ProductSerial is where `hwident product` keeps the bound product serial.
	ProductSerial string
}

// AttrSpec is one attribute line of the config.
type AttrSpec struct {
	Key    string
	Source Source
	Line   int
}

// DefaultProductSerialPath is used when the config has no @product-serial.
const DefaultProductSerialPath = "/data/hwident/product-serial"

// directive returns the Config field an @directive sets, nil for an
// unknown one.
func (c *Config) directive(name string) *string {
	switch name {
	case "pin":
		return &c.Pin
	case "product-serial":
		return &c.ProductSerial
	}
	return nil
}

// ParseConfig parses a config file. Errors are *FormatError with the line.
// A config with directives but no attribute line is valid: it keeps Mender's
// default scheme (see DefaultConfig).
func ParseConfig(text string) (*Config, error) {
	c := &Config{}
	lineOf := map[string]int{} // key -> its line: a linear duplicate check
	for n, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		ln := n + 1
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if name, ok := strings.CutPrefix(line, "@"); ok {
			arg := ""
			if i := strings.IndexAny(name, " \t"); i >= 0 { // "@pin\t/p" too
				name, arg = name[:i], strings.TrimSpace(name[i+1:])
			}
			field := c.directive(name)
			switch {
			case field == nil:
				return nil, &FormatError{Line: ln, Msg: "unknown directive " + Quote("@"+name) + ": use @pin PATH or @product-serial PATH"}
			case *field != "": // set before: its path is never empty
				return nil, &FormatError{Line: ln, Msg: "@" + name + " given twice"}
			case !strings.HasPrefix(arg, "/"):
				return nil, &FormatError{Line: ln, Msg: "@" + name + " needs an absolute path"}
			}
			*field = arg
			continue
		}
		k, spec, ok := strings.Cut(line, "=")
		if !ok {
			return nil, &FormatError{Line: ln, Msg: "want key=SOURCE, @directive or # comment"}
		}
		k, spec = strings.TrimSpace(k), strings.TrimSpace(spec)
		if err := CheckKey(k); err != nil {
			return nil, &FormatError{Line: ln, Err: err}
		}
		if prev, dup := lineOf[k]; dup {
			return nil, &FormatError{Line: ln, Msg: "key " + Quote(k) + " already set on line " + strconv.Itoa(prev)}
		}
		lineOf[k] = ln
		src, err := ParseSource(spec)
		if err != nil {
			return nil, &FormatError{Line: ln, Err: err}
		}
		c.Attrs = append(c.Attrs, AttrSpec{Key: k, Source: src, Line: ln})
	}
	if len(c.Attrs) == 0 {
		c.Attrs = DefaultConfig().Attrs
	}
	if c.ProductSerial == "" {
		c.ProductSerial = DefaultProductSerialPath
	}
	return c, nil
}

// DefaultConfig is Mender's own scheme: mac= the interface its
// mender-device-identity script picks. Used when there is no config file.
func DefaultConfig() *Config {
	return &Config{
		Attrs:         []AttrSpec{{Key: "mac", Source: Source{Scheme: "net", Arg: "mender"}}},
		ProductSerial: DefaultProductSerialPath,
	}
}
