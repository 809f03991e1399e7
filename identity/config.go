package identity

import (
	"slices"
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
//
// A key may repeat with another source (mac=net:eth0, then mac=net:eth1):
// each is one output line, in config order, and Mender merges them into a
// list (id_data "mac":["…","…"], order kept, which the identity hash
// covers). That is risky for NICs: every attribute must read, so a second
// NIC that is missing, unplugged from USB or renamed fails the whole
// identity, and a device without it is another device to Mender. A
// repeated key giving the same value twice is an error (it would be listed
// twice), and so is a repeated key whose sources read the same value
// (mac=net:auto beside mac=net:eth0 where auto picks eth0), found when the
// identity is read (see AttrSpec.Prev).
type Config struct {
	Attrs []AttrSpec
	// Pin is the file that records the first identity (empty: no pinning).
	Pin string
	// ProductSerial is where `hwident product` keeps the bound product serial.
	ProductSerial string
	// InventoryCerts are the certificates whose subject and fingerprint
	// the inventory reports (@inventory-cert, repeatable, in order).
	InventoryCerts []string
	certArg        string // the @inventory-cert being parsed
}

// AttrSpec is one attribute line of the config.
type AttrSpec struct {
	Key    string
	Source Source
	Line   int
	// Prev is 1 + the index of the previous attribute with this key, 0
	// for the first: the repeats of a key are a chain, so checking their
	// values stays linear in the config's size.
	Prev int
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
	case "inventory-cert":
		return &c.certArg
	}
	return nil
}

// ParseConfig parses a config file. Errors are *FormatError with the line.
// A config with directives but no attribute line is valid: it keeps Mender's
// default scheme (see DefaultConfig).
func ParseConfig(text string) (*Config, error) {
	c := &Config{}
	last := map[string]int{} // key -> 1 + index of its last attribute
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
			twice := field != nil && *field != "" // set before: its path is never empty
			if field == &c.certArg {              // repeatable, each path once
				twice = slices.Contains(c.InventoryCerts, arg)
			}
			switch {
			case field == nil:
				return nil, &FormatError{Line: ln, Msg: "unknown directive " + Quote("@"+name) + ": use @pin PATH, @product-serial PATH or @inventory-cert PATH"}
			case twice:
				return nil, &FormatError{Line: ln, Msg: "@" + name + " given twice"}
			case !strings.HasPrefix(arg, "/"):
				return nil, &FormatError{Line: ln, Msg: "@" + name + " needs an absolute path"}
			}
			*field = arg
			if field == &c.certArg {
				c.InventoryCerts, c.certArg = append(c.InventoryCerts, arg), ""
			}
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
		src, err := ParseSource(spec)
		if err != nil {
			return nil, &FormatError{Line: ln, Err: err}
		}
		c.Attrs = append(c.Attrs, AttrSpec{Key: k, Source: src, Line: ln, Prev: last[k]})
		last[k] = len(c.Attrs)
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
		Attrs:         append(make([]AttrSpec, 0, 1), AttrSpec{Key: "mac", Source: Source{Scheme: "net", Arg: "mender"}}),
		ProductSerial: DefaultProductSerialPath,
	}
}
