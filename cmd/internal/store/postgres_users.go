package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func (p *Postgres) AddUser(ctx context.Context, u User) error {
	_, err := p.pool.Exec(ctx, `INSERT INTO users (name, role, password_hash, disabled) VALUES ($1, $2, $3, $4)`, u.Name, string(u.Role), u.PasswordHash, u.Disabled)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%s: %w", u.Name, ErrUserExists)
	}
	return wrap(err)
}

func (p *Postgres) UpdateUser(ctx context.Context, name string, fn func(*User) error) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var u User
		err := tx.QueryRow(ctx, `SELECT name, role, password_hash, disabled, created FROM users WHERE name = $1 FOR UPDATE`, name).Scan(&u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &u.Created)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%s: %w", name, ErrNoUser)
		}
		if err != nil {
			return err
		}
		if err := fn(&u); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET role = $2, password_hash = $3, disabled = $4 WHERE name = $1`, name, string(u.Role), u.PasswordHash, u.Disabled)
		return err
	})
	return wrap(err)
}

func (p *Postgres) User(ctx context.Context, name string) (User, error) {
	var u User
	err := p.pool.QueryRow(ctx, `SELECT name, role, password_hash, disabled, created FROM users WHERE name = $1`, name).Scan(&u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &u.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, fmt.Errorf("%s: %w", name, ErrNoUser)
	}
	return u, wrap(err)
}

func (p *Postgres) AddToken(ctx context.Context, t Token) error {
	_, err := p.pool.Exec(ctx, `INSERT INTO tokens (id, user_name, hash) VALUES ($1, $2, $3)`, t.ID, t.User, t.Hash)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" {
		return fmt.Errorf("%s: %w", t.User, ErrNoUser)
	}
	return wrap(err)
}

func (p *Postgres) RevokeToken(ctx context.Context, id string) error {
	tag, err := p.pool.Exec(ctx, `UPDATE tokens SET revoked = true WHERE id = $1`, id)
	if err != nil {
		return wrap(err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("token %s: %w", id, ErrNotFound)
	}
	return nil
}

func (p *Postgres) TokenByHash(ctx context.Context, hash string) (Token, error) {
	var t Token
	err := p.pool.QueryRow(ctx, `SELECT id, user_name, hash, created, revoked FROM tokens WHERE hash = $1 AND NOT revoked`, hash).Scan(&t.ID, &t.User, &t.Hash, &t.Created, &t.Revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, ErrNotFound
	}
	return t, wrap(err)
}
