package credential

import (
	"errors"
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "correct") {
		t.Fatalf("hash = %s", h)
	}
	if err := CheckPassword(h, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if err := CheckPassword(h, "correct hors"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("wrong password: %v", err)
	}
	h2, _ := HashPassword("correct horse")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", h[:len(h)-60]} {
		if err := CheckPassword(bad, "x"); !errors.Is(err, ErrBadHash) {
			t.Errorf("CheckPassword(%q) = %v, want ErrBadHash", bad, err)
		}
	}
}

func TestToken(t *testing.T) {
	id, secret, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "hwt_"+id+"_") || HashToken(secret) != hash || strings.Contains(hash, secret) {
		t.Fatalf("token %s %s %s", id, secret, hash)
	}
	_, s2, _, _ := NewToken()
	if s2 == secret {
		t.Fatal("two tokens are equal")
	}
}

// FuzzCheckPassword: a stored hash from anywhere (a damaged users file)
// never panics, is either malformed, a mismatch or a match, and a hash that
// matches a password matches no other.
func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("pw")
	f.Add(h, "pw")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA", "")
	f.Add("$argon2id$v=19$m=4194304,t=16,p=255$AAAA$AAAA", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if len(hash) > 200 {
			return
		}
		err := CheckPassword(hash, pw)
		switch {
		case err == nil:
			if CheckPassword(hash, pw+"x") == nil {
				t.Fatalf("%q accepts %q and %q", hash, pw, pw+"x")
			}
		case !errors.Is(err, ErrMismatch) && !errors.Is(err, ErrBadHash):
			t.Fatalf("CheckPassword(%q) = %v", hash, err)
		}
	})
}
