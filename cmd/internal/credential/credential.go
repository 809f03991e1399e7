// Package credential hashes passwords with argon2id (memory-hard, from
// golang.org/x/crypto) and makes API tokens, of which only a hash is kept.
package credential

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum for argon2id (19 MiB, 2 passes, 1
// lane), about 30 ms on the station PCs; stored with each hash so they can
// be raised later.
const (
	memoryKiB = 19 * 1024
	passes    = 2
	lanes     = 1
	saltLen   = 16
	keyLen    = 32
)

// ErrMismatch: the password is not the one hashed.
var ErrMismatch = errors.New("wrong password")

// ErrBadHash: a stored hash is not one this package wrote.
var ErrBadHash = errors.New("stored password hash is malformed")

// HashPassword returns the PHC string of a new salted argon2id hash.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, passes, memoryKiB, lanes, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memoryKiB, passes, lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword compares password with a hash of HashPassword in constant time.
func CheckPassword(hash, password string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return ErrBadHash
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m < 8 || m > 1<<20 || t == 0 || t > 8 || p == 0 || p > 4 {
		return ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// tokenPrefix marks hwident tokens so secret scanners and people recognise them.
const tokenPrefix = "hwt_"

// NewToken returns a public token id, the secret to give to the client
// once, and the hash to store.
func NewToken() (id, secret, hash string, err error) {
	var idb [6]byte
	var sb [32]byte
	if _, err := rand.Read(idb[:]); err != nil {
		return "", "", "", err
	}
	if _, err := rand.Read(sb[:]); err != nil {
		return "", "", "", err
	}
	id = hex.EncodeToString(idb[:])
	secret = tokenPrefix + id + "_" + base64.RawURLEncoding.EncodeToString(sb[:])
	return id, secret, HashToken(secret), nil
}

// HashToken is the stored form of a token secret: SHA-256, enough for 256
// random bits (a slow KDF protects guessable passwords, not these).
func HashToken(secret string) string {
	s := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(s[:])
}

// NewSecret returns n random bytes, URL-safe base64 (session ids, CSRF tokens).
func NewSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}
