package station

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/credential"
	"github.com/hwident/hwident/cmd/internal/store"
)

// minPassword is the shortest password accepted.
const minPassword = 10

// newPassword reads the password from stdin (--password-stdin) or makes
// one, printed once on stdout.
func (a *app) newPassword(fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		return credential.NewSecret(15), true, nil
	}
	line, err := bufio.NewReader(io.LimitReader(a.Stdin, 1024)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, err
	}
	line = strings.TrimRight(line, "\r\n")
	if len(line) < minPassword {
		return "", false, cli.Usagef("the password on stdin must have at least %d characters", minPassword)
	}
	return line, false, nil
}

// serveUser runs serve user add|disable|reset.
func serveUser(verb string) func(*cli.App, *cli.Flags) error {
	return withApp(func(a *app, f *cli.Flags) error { return a.serveUser(verb, f) })
}

func (a *app) serveUser(verb string, f *cli.Flags) error {
	ledgerSpec := f.String("ledger", "", "the ledger `FILE` or postgres:// URL (required)")
	role := f.String("role", "installer", "`ROLE` of a new user: installer, supervisor or admin")
	fromStdin := f.Bool("password-stdin", false, "read the password from the first line of stdin (default: generate one and print it)")
	if err := f.Parse(); err != nil {
		return err
	}
	if *ledgerSpec == "" || len(f.Args()) != 1 {
		return cli.Usagef("serve user %s needs --ledger and one user NAME", verb)
	}
	name := f.Arg(0)
	if !validUserName(name) {
		return cli.Usagef("user name %q: use 1 to 64 letters, digits, '.', '_', '-' or '@'", name)
	}
	r, err := store.ParseRole(*role)
	if err != nil {
		return cli.Usagef("--role: %w", err)
	}
	ctx := context.Background()
	st, err := openStore(ctx, *ledgerSpec)
	if err != nil {
		return err
	}
	defer st.Close()
	switch verb {
	case "disable":
		if err := st.UpdateUser(ctx, name, func(u *store.User) error { u.Disabled = true; return nil }); err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.Stdout, "disabled user %s (signed-in sessions end at their next request)\n", name)
		return err
	}
	pw, generated, err := a.newPassword(*fromStdin)
	if err != nil {
		return err
	}
	hash, err := credential.HashPassword(pw)
	if err != nil {
		return err
	}
	if verb == "add" {
		err = st.AddUser(ctx, store.User{Name: name, Role: r, PasswordHash: hash})
	} else {
		err = st.UpdateUser(ctx, name, func(u *store.User) error { u.PasswordHash, u.Disabled = hash, false; return nil })
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%s user %s", map[string]string{"add": "added " + string(r), "reset": "reset the password of"}[verb], name)
	if generated {
		msg += "; password (shown once): " + pw
	}
	_, err = fmt.Fprintln(a.Stdout, msg)
	return err
}

func validUserName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-@", c)) {
			return false
		}
	}
	return true
}

// serveToken runs serve token create|revoke.
func serveToken(verb string) func(*cli.App, *cli.Flags) error {
	return withApp(func(a *app, f *cli.Flags) error { return a.serveToken(verb, f) })
}

func (a *app) serveToken(verb string, f *cli.Flags) error {
	ledgerSpec := f.String("ledger", "", "the ledger `FILE` or postgres:// URL (required)")
	user := f.String("user", "", "the `NAME` of the user the token acts as (create)")
	if err := f.Parse(); err != nil {
		return err
	}
	switch {
	case *ledgerSpec == "":
		return cli.Usagef("serve token %s needs --ledger", verb)
	case verb == "create" && (*user == "" || len(f.Args()) != 0):
		return cli.Usagef("serve token create needs --user NAME and no arguments")
	case verb == "revoke" && len(f.Args()) != 1:
		return cli.Usagef("serve token revoke needs the token ID")
	}
	ctx := context.Background()
	st, err := openStore(ctx, *ledgerSpec)
	if err != nil {
		return err
	}
	defer st.Close()
	if verb == "revoke" {
		if err := st.RevokeToken(ctx, f.Arg(0)); err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.Stdout, "revoked token %s\n", f.Arg(0))
		return err
	}
	id, secret, hash, err := credential.NewToken()
	if err != nil {
		return err
	}
	if err := st.AddToken(ctx, store.Token{ID: id, User: *user, Hash: hash}); err != nil {
		return err
	}
	// The secret alone on stdout, so a script can capture it; the id on stderr.
	fmt.Fprintf(a.Stderr, "hwident: token %s for user %s (shown once; revoke with: hwident serve token revoke %s)\n", id, *user, id)
	_, err = fmt.Fprintln(a.Stdout, secret)
	return err
}
