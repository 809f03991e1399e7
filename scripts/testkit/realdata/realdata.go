// Package realdata finds the real EEPROM dumps and CIDs the tests check
// against: ../shared/realdata next to the module root, which a clone of the
// repository alone does not have. Tests skip without it, unless
// HWIDENT_REALDATA=1 (as .ci/run sets) says it must be there: then a
// missing file, or a missing tool the comparison needs, fails the test.
package realdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Required reports whether HWIDENT_REALDATA=1 asks for the real-data tests
// to run rather than skip.
func Required() bool { return os.Getenv("HWIDENT_REALDATA") == "1" }

// Root returns the real-data directory, or an error when there is none.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("module root (go.mod) not found above the test's directory")
		}
		dir = parent
	}
	rd := filepath.Join(dir, "..", "shared", "realdata")
	if _, err := os.Stat(rd); err != nil {
		return "", err
	}
	return rd, nil
}

// Dir returns the path of elem under the real-data directory, which must
// exist; when it does not, the test is skipped (failed if Required).
func Dir(t testing.TB, elem ...string) string {
	t.Helper()
	root, err := Root()
	if err != nil {
		Skip(t, "real data not available: %v", err)
		return ""
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		Skip(t, "real data not available: %v", err)
		return ""
	}
	return p
}

// Skip skips a real-data test that cannot run, or fails it when Required.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatalf("%s: HWIDENT_REALDATA=1 requires the real-data tests to run", msg)
		return
	}
	t.Skip(msg)
}
