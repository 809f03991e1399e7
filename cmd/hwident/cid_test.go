//go:build !identityonly

package main

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hwident/hwident/scripts/testkit/golden"
)

// TestCIDDecode runs `hwident cid decode` and compares with golden files;
// usage errors exit 2 with nothing on stdout.
func TestCIDDecode(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"emmc-rev8", []string{"decode", "11010030303847423004348fc3eea600", "--ext-csd-rev", "8"}, 0},
		{"emmc-rev9", []string{"decode", "--ext-csd-rev", "9", "--type", "mmc", "11010030-30384742-3004348F-C3EEA600"}, 0},
		{"emmc-no-rev", []string{"decode", "11010030303847423004348fc3eea6"}, 0},
		{"sd-guessed", []string{"decode", "035344534e35313280fff7b17b015700"}, 0},
		{"sd-name-with-spaces", []string{"decode", "--type", "sd", "744a605553442020104182bbc7010600"}, 0},
		// name bytes 4a 4e 42 34 c3 83: valid UTF-8 for "JNB4Ã", but a
		// CID name is ASCII: the two bytes are shown escaped.
		{"emmc-name-not-ascii", []string{"decode", "--type", "mmc", "1501004a4e4234c3830fdac7c0381400"}, 0},
		{"ambiguous", []string{"decode", "15010041424344454601020304011100"}, 2},
		{"bad-hex", []string{"decode", "1101003g303847423004348fc3eea600"}, 2},
		{"bad-type", []string{"decode", "--type", "xd", "035344534e35313280fff7b17b015700"}, 2},
		{"bad-rev", []string{"decode", "--ext-csd-rev", "256", "11010030303847423004348fc3eea600"}, 2},
		{"no-subcommand", []string{"035344534e35313280fff7b17b015700"}, 2},
		{"no-cid", []string{"decode"}, 2},
		{"two-cids", []string{"decode", "035344534e35313280fff7b17b015700", "035344534e35313280fff7b17b015700"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runHwident(t, "", nil, append([]string{"hwident", "cid"}, tc.args...)...)
			if res.code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", res.code, tc.code, res.stderr)
			}
			if tc.code != 0 {
				if res.stdout != "" || res.stderr == "" {
					t.Errorf("stdout %q, stderr %q: want only a message on stderr", res.stdout, res.stderr)
				}
				return
			}
			golden.Check(t, filepath.Join("testdata/golden", "cid-"+tc.name), []byte(res.stdout))
		})
	}
	if res := runHwident(t, "", nil, "hwident", "cid", "--help"); res.code != 0 || res.stdout == "" {
		t.Errorf("--help: exit %s, stdout %q", strconv.Itoa(res.code), res.stdout)
	}
}
