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
//
// A key may repeat with another source (mac=net:eth0, then mac=net:eth1):
// each is one output line, in config order, and Mender merges them into a
// list (id_data "mac":["…","…"], order kept, which the identity hash
// covers). That is risky for NICs: every attribute must read, so a second
// NIC that is missing, unplugged from USB or renamed fails the whole
// identity, and a device without it is another device to Mender. The same
// key with the same source twice is an error (its value would be listed
// twice), and so is a repeated key whose sources read the same value (see
// CheckRepeats).
type Config struct {
	Attrs []AttrSpec
	// Pin is the file that records the first identity (empty: no pinning).
	Pin string
	// ProductSerial is where `hwident product` keeps the bound product serial.
	ProductSerial string
	// InventoryCerts are the certificates whose subject and fingerprint
	// the inventory reports (@inventory-cert, repeatable, in order).
	InventoryCerts []string
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
	lineOf := map[string]int{} // "key=SOURCE" -> its line: a linear duplicate check
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
			if name == "inventory-cert" { // repeatable: a list
				if !strings.HasPrefix(arg, "/") {
					return nil, &FormatError{Line: ln, Msg: "@inventory-cert needs an absolute path"}
				}
				if prev, dup := lineOf["@"+arg]; dup {
					return nil, &FormatError{Line: ln, Msg: "@inventory-cert " + Quote(arg) + " already given on line " + strconv.Itoa(prev)}
				}
				lineOf["@"+arg] = ln
				c.InventoryCerts = append(c.InventoryCerts, arg)
				continue
			}
			field := c.directive(name)
			switch {
			case field == nil:
				return nil, &FormatError{Line: ln, Msg: "unknown directive " + Quote("@"+name) + ": use @pin PATH, @product-serial PATH or @inventory-cert PATH"}
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
		src, err := ParseSource(spec)
		if err != nil {
			return nil, &FormatError{Line: ln, Err: err}
		}
		if prev, dup := lineOf[k+"="+src.String()]; dup {
			return nil, &FormatError{Line: ln, Msg: "key " + Quote(k) + " already reads " + src.String() + " on line " + strconv.Itoa(prev) + ": a repeated key needs another source"}
		}
		lineOf[k+"="+src.String()] = ln
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

// CheckRepeats checks an identity read from c.Attrs (one value per
// attribute, in order) for a repeated key whose sources gave the same value
// (mac=net:auto and mac=net:eth0 on a board where auto picks eth0): Mender
// would list the value twice. The error names both lines.
func (c *Config) CheckRepeats(id Identity) error {
	first := map[string]int{} // key NUL value -> its first attribute: linear
	for i, a := range id {
		kv := a.Key + "\x00" + a.Value
		j, dup := first[kv]
		if !dup {
			first[kv] = i
			continue
		}
		if i < len(c.Attrs) {
			return &FormatError{Line: c.Attrs[i].Line, Msg: "key " + Quote(a.Key) + ": " + c.Attrs[i].Source.String() + " reads the same value as " + c.Attrs[j].Source.String() + " on line " + strconv.Itoa(c.Attrs[j].Line)}
		}
	}
	return nil
}
