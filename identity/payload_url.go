package identity

import (
	"errors"
	"fmt"
	"strings"
)

// PayloadPlaceholder marks where PayloadURL puts the payload in a template.
const PayloadPlaceholder = "{payload}"

// ErrURLTemplate is wrapped by PayloadURL for a template it cannot use.
var ErrURLTemplate = errors.New("invalid URL template")

// PayloadURL returns template with PayloadPlaceholder replaced by the
// payload, for phone cameras that open URLs. The template needs a scheme
// ("://") and the placeholder exactly once, between characters that are
// neither letters nor digits, so the decoder can find the payload again. An
// all-uppercase template keeps the QR code in compact alphanumeric mode.
func PayloadURL(template string, id Identity) (string, error) {
	if err := CheckURLTemplate(template); err != nil {
		return "", err
	}
	p, err := EncodePayload(id)
	if err != nil {
		return "", err
	}
	i := strings.Index(template, PayloadPlaceholder)
	return template[:i] + p + template[i+len(PayloadPlaceholder):], nil
}

// CheckURLTemplate reports, wrapping ErrURLTemplate, a template PayloadURL
// cannot use, so a command can refuse it before reading any identity.
func CheckURLTemplate(template string) error {
	i := strings.Index(template, PayloadPlaceholder)
	switch {
	case !strings.Contains(template, "://"):
		return fmt.Errorf("%w %s: it needs a scheme such as HTTPS://", ErrURLTemplate, Quote(template))
	case i < 0 || strings.Count(template, PayloadPlaceholder) != 1:
		return fmt.Errorf("%w %s: put %s in it exactly once", ErrURLTemplate, Quote(template), PayloadPlaceholder)
	case i > 0 && isAlnum(template[i-1]) || i+len(PayloadPlaceholder) < len(template) && isAlnum(template[i+len(PayloadPlaceholder)]):
		return fmt.Errorf("%w %s: %s must not touch a letter or digit", ErrURLTemplate, Quote(template), PayloadPlaceholder)
	}
	return nil
}

// decodePayloadURL finds the payload among the URL's runs of letters and
// digits, trying the last run first: the host and path before it may hold
// words starting with "hw" too, but only the payload passes its check.
func decodePayloadURL(url string) (Identity, error) {
	var firstErr error = ErrNotPayload
	tried := false
	end := len(url)
	for end > 0 {
		start := end
		for start > 0 && isAlnum(url[start-1]) {
			start--
		}
		if word := url[start:end]; len(word) >= 2 && strings.EqualFold(word[:2], "HW") {
			id, err := decodePayloadText(word)
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
