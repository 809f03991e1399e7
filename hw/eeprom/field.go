package eeprom

// Field is one decoded key=value pair. Keys are the documented field names
// (docs/eeprom.md); values are text, MACs as lowercase aa:bb:cc:dd:ee:ff.
type Field struct {
	Key   string
	Value string
}

// Fields is the decoded content of an image, in a fixed order per format.
type Fields []Field

// Get returns the value of the first field named key.
func (fs Fields) Get(key string) (string, bool) {
	for _, f := range fs {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// IsMACField reports the decoded fields that hold an EUI-48: ONIE's
// base_mac, AM335x's mac0-mac2.
func IsMACField(key string) bool {
	return key == "base_mac" || len(key) == 4 && key[:3] == "mac" && key[3]-'0' <= 2
}

func (fs *Fields) add(key, value string) {
	if value != "" {
		*fs = append(*fs, Field{key, value})
	}
}
