package store

import (
	"context"
	"errors"
	"time"
)

// Role is what a user may do; each role includes the ones before it.
type Role string

const (
	RoleInstaller  Role = "installer"  // bind, find
	RoleSupervisor Role = "supervisor" // also replace, unbind
	RoleAdmin      Role = "admin"      // also users, tokens, export
)

// Allows reports whether r includes need.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && need.rank() > 0 }

func (r Role) rank() int {
	switch r {
	case RoleInstaller:
		return 1
	case RoleSupervisor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.rank() > 0 {
		return r, nil
	}
	return "", errors.New("unknown role " + s + ": use installer, supervisor or admin")
}

// User is an account. PasswordHash is a PHC-style argon2id string.
type User struct {
	Name         string
	Role         Role
	PasswordHash string
	Disabled     bool
	Created      time.Time
}

// Token is an API token; only its hash is kept.
type Token struct {
	ID      string // public identifier, printed and used to revoke
	User    string
	Hash    string // hex SHA-256 of the secret (a random 256-bit secret needs no slow KDF)
	Created time.Time
	Revoked bool
}

// Errors of user management.
var (
	ErrUserExists = errors.New("user already exists")
	ErrNoUser     = errors.New("no such user")
)

// Users keeps accounts and API tokens.
type Users interface {
	AddUser(ctx context.Context, u User) error
	// UpdateUser changes a user with fn; ErrNoUser when there is none.
	UpdateUser(ctx context.Context, name string, fn func(*User) error) error
	User(ctx context.Context, name string) (User, error)
	AddToken(ctx context.Context, t Token) error
	RevokeToken(ctx context.Context, id string) error
	// TokenByHash returns the unrevoked token with this hash.
	TokenByHash(ctx context.Context, hash string) (Token, error)
}

// Session is a signed-in web page. The store keeps only the hash of its
// cookie value, so a database dump signs nobody in.
type Session struct {
	IDHash  string // hex SHA-256 of the cookie value
	User    string
	CSRF    string
	Expires time.Time
}

// Sessions keeps the page's sessions where every serve instance sees them
// (PostgreSQL); the file store, which one serve owns, keeps them in memory.
type Sessions interface {
	AddSession(ctx context.Context, s Session) error
	// Session returns the unexpired session with this hash, ErrNotFound if none.
	Session(ctx context.Context, idHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, idHash string) error
}
