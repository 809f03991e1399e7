package menderapi

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hwident/hwident/identity"
)

// ErrPlainHTTP refuses a server URL that would send the token in clear.
var ErrPlainHTTP = errors.New("plain http:// sends the token in clear: use https://, or pass --insecure-http for a server on a network you trust")

// ParseServer checks a --server URL and returns it without a trailing
// slash: https://HOST[:PORT][/PATH], or http:// to a loopback address
// (a local test server, an SSH tunnel) or when insecureHTTP allows it. A
// URL with a user, query or fragment is refused: the token is the only
// credential, and the API paths are appended to the URL.
func ParseServer(s string, insecureHTTP bool) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("server %s: want https://HOST[:PORT]", identity.Quote(s))
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("server %s: scheme %s: want https://HOST[:PORT]", identity.Quote(s), identity.Quote(u.Scheme))
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", fmt.Errorf("server %s: give scheme, host, port and path only (the token goes in --token or $HWIDENT_MENDER_TOKEN)", identity.Quote(s))
	case u.Scheme == "http" && !insecureHTTP && !isLoopback(u.Hostname()):
		return "", fmt.Errorf("server %s: %w", identity.Quote(s), ErrPlainHTTP)
	}
	return strings.TrimRight(s, "/"), nil
}

// isLoopback reports whether host is this machine by name or address.
// "localhost" is loopback by RFC 6761, whatever a resolver might say.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkDeviceID accepts what Mender device IDs look like (a UUID, or a
// MongoDB ObjectID in older servers): letters, digits, '-' and '_', at
// most 64. An ID is printed and put into URLs, so nothing else is taken
// from the server.
func checkDeviceID(id string) error {
	ok := id != "" && len(id) <= 64
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	}
	if !ok {
		return fmt.Errorf("the server sent the device ID %s, which is no Mender device ID (letters, digits, - and _)", identity.Quote(id))
	}
	return nil
}
