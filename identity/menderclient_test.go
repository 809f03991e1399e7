package identity

import (
	"errors"
	"strings"
)

// parseLikeMenderClient follows the Mender C++ client's key/value parser
// (src/common/key_value_parser): split on '\n' only, split each line at the
// first '=', no trimming, a repeated key appends, a line without '=' is an
// error, and an empty line ends parsing successfully.
func parseLikeMenderClient(out string) (map[string][]string, error) {
	m := map[string][]string{}
	for _, line := range strings.Split(out, "\n") {
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, errors.New("line without '='")
		}
		m[k] = append(m[k], v)
	}
	return m, nil
}
