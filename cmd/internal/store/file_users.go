package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/hwident/hwident/cmd/internal/durable"
)

// fileUsers keeps the accounts of a file ledger in NAME.users.json,
// rewritten whole (write a temporary file, fsync, rename) under a lock
// file, and read again when it changed, so `hwident serve user add` takes
// effect in a running serve.
type fileUsers struct {
	name string
	mu   sync.Mutex
	doc  usersDoc
	stat os.FileInfo
}

type usersDoc struct {
	Users  []User  `json:"users"`
	Tokens []Token `json:"tokens"`
}

// maxUsersFile bounds what is read of the users file.
const maxUsersFile = 16 << 20

func (u *fileUsers) load() error {
	f, err := os.Open(u.name)
	if errors.Is(err, os.ErrNotExist) {
		u.doc, u.stat = usersDoc{}, nil
		return nil
	}
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("users file %s is not a regular file", u.name)
	}
	if u.stat != nil && os.SameFile(u.stat, fi) && fi.ModTime().Equal(u.stat.ModTime()) && fi.Size() == u.stat.Size() {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(f, maxUsersFile+1))
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	if len(b) > maxUsersFile {
		return fmt.Errorf("users file %s is larger than %d bytes", u.name, maxUsersFile)
	}
	var doc usersDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("users file %s: %w (restore it from a backup)", u.name, err)
	}
	u.doc, u.stat = doc, fi
	return nil
}

// change reads the file, applies fn and writes it back, under the lock.
func (u *fileUsers) change(fn func(d *usersDoc) error) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	lock, err := os.OpenFile(u.name+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("lock users: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("lock users: %w", err)
	}
	u.stat = nil
	if err := u.load(); err != nil {
		return err
	}
	doc := u.doc
	doc.Users = append([]User(nil), doc.Users...)
	doc.Tokens = append([]Token(nil), doc.Tokens...)
	if err := fn(&doc); err != nil {
		return err
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := durable.WriteFile(u.name, b, 0o600); err != nil {
		return err
	}
	u.stat = nil
	return u.load()
}

func (u *fileUsers) read(fn func(d *usersDoc) error) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if err := u.load(); err != nil {
		return err
	}
	return fn(&u.doc)
}

func (f *File) AddUser(_ context.Context, nu User) error {
	return f.users.change(func(d *usersDoc) error {
		for _, x := range d.Users {
			if x.Name == nu.Name {
				return fmt.Errorf("%s: %w", nu.Name, ErrUserExists)
			}
		}
		if nu.Created.IsZero() {
			nu.Created = time.Now().UTC()
		}
		d.Users = append(d.Users, nu)
		return nil
	})
}

func (f *File) UpdateUser(_ context.Context, name string, fn func(*User) error) error {
	return f.users.change(func(d *usersDoc) error {
		for i := range d.Users {
			if d.Users[i].Name == name {
				return fn(&d.Users[i])
			}
		}
		return fmt.Errorf("%s: %w", name, ErrNoUser)
	})
}

func (f *File) User(_ context.Context, name string) (User, error) {
	var out User
	err := f.users.read(func(d *usersDoc) error {
		for _, x := range d.Users {
			if x.Name == name {
				out = x
				return nil
			}
		}
		return fmt.Errorf("%s: %w", name, ErrNoUser)
	})
	return out, err
}

func (f *File) AddToken(_ context.Context, t Token) error {
	return f.users.change(func(d *usersDoc) error {
		found := false
		for _, x := range d.Users {
			found = found || x.Name == t.User
		}
		if !found {
			return fmt.Errorf("%s: %w", t.User, ErrNoUser)
		}
		if t.Created.IsZero() {
			t.Created = time.Now().UTC()
		}
		d.Tokens = append(d.Tokens, t)
		return nil
	})
}

func (f *File) RevokeToken(_ context.Context, id string) error {
	return f.users.change(func(d *usersDoc) error {
		for i := range d.Tokens {
			if d.Tokens[i].ID == id {
				d.Tokens[i].Revoked = true
				return nil
			}
		}
		return fmt.Errorf("token %s: %w", id, ErrNotFound)
	})
}

func (f *File) TokenByHash(_ context.Context, hash string) (Token, error) {
	var out Token
	err := f.users.read(func(d *usersDoc) error {
		for _, x := range d.Tokens {
			if x.Hash == hash && !x.Revoked {
				out = x
				return nil
			}
		}
		return ErrNotFound
	})
	return out, err
}
