package main

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/hwident/hwident/identity"
)

// readFileSource reads file:PATH: the trimmed contents of a file, which
// must be a usable value.
func (m *machine) readFileSource(p string) (string, error) {
	b, err := fs.ReadFile(m.fsys, rel(p))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", p, err)
	}
	v := strings.TrimSpace(string(b))
	if err := identity.CheckValue(v); err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	return v, nil
}
