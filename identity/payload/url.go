package payload

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/identity"
)

// Placeholder marks where URL puts the payload in a template.
const Placeholder = "{payload}"

// ErrURLTemplate is wrapped by URL for a template it cannot use.
var ErrURLTemplate = errors.New("invalid URL template")

// URL returns template with Placeholder replaced by the
// payload, for phone cameras that open URLs. The template needs a scheme
// ("://") and the placeholder exactly once, between characters that are
// neither letters nor digits, so the decoder can find the payload again. An
// all-uppercase template keeps the QR code in compact alphanumeric mode.
func URL(template string, id identity.Identity) (string, error) {
	if err := CheckURLTemplate(template); err != nil {
		return "", err
	}
	p, err := Encode(id)
	if err != nil {
		return "", err
	}
	i := strings.Index(template, Placeholder)
	return template[:i] + p + template[i+len(Placeholder):], nil
}

// CheckURLTemplate reports, wrapping ErrURLTemplate, a template URL
// cannot use, so a command can refuse it before reading any identity.
func CheckURLTemplate(template string) error {
	i := strings.Index(template, Placeholder)
	switch {
	case !strings.Contains(template, "://"):
		return fmt.Errorf("%w %s: it needs a scheme such as HTTPS://", ErrURLTemplate, identity.Quote(template))
	case i < 0 || strings.Count(template, Placeholder) != 1:
		return fmt.Errorf("%w %s: put %s in it exactly once", ErrURLTemplate, identity.Quote(template), Placeholder)
	case i > 0 && isAlnum(template[i-1]) || i+len(Placeholder) < len(template) && isAlnum(template[i+len(Placeholder)]):
		return fmt.Errorf("%w %s: %s must not touch a letter or digit", ErrURLTemplate, identity.Quote(template), Placeholder)
	}
	return nil
}

// decodeURL finds the payload among the URL's runs of letters and
// digits, trying the last run first: the host and path before it may hold
// words starting with "hw" too, but only the payload passes its check.
func decodeURL(url string) (identity.Identity, error) {
	var firstErr error = ErrNotLabel
	tried := false
	end := len(url)
	for end > 0 {
		start := end
		for start > 0 && isAlnum(url[start-1]) {
			start--
		}
		if word := url[start:end]; len(word) >= 2 && strings.EqualFold(word[:2], "HW") {
			id, err := decodePlain(word)
			if err == nil {
				return id, nil
			}
			if !tried {
				firstErr, tried = err, true
			}
		}
		end = start
		for end > 0 && !isAlnum(url[end-1]) {
			end--
		}
	}
	return nil, fmt.Errorf("payload in URL: %w", firstErr)
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
