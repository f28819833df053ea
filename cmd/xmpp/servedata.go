package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// dbFileName is the database in a -data directory.
const dbFileName = "canto.db"

// adminFlags are the account administration flags of "xmpp serve -data",
// which change the directory and exit instead of serving.
type adminFlags struct {
	add, remove, password string
	list                  bool
}

func (a adminFlags) any() bool { return a.add != "" || a.remove != "" || a.password != "" || a.list }

// openData opens (creating them) the -data directory and its database.
func openData(ctx context.Context, dir string) (*sqlite.Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("-data: %w", err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, dbFileName))
	if err != nil {
		return nil, fmt.Errorf("-data: %w", err)
	}
	return st, nil
}

// administer runs the administration flags on the -data directory; the
// server must not be running on it. domain is the one it serves (-domain),
// whose accounts a removed account's subscriptions are cancelled with. A password is the first line of
// standard input.
func administer(ctx context.Context, e *env, dir, domain string, a adminFlags) error {
	n := 0
	for _, set := range []bool{a.add != "", a.remove != "", a.password != "", a.list} {
		if set {
			n++
		}
	}
	switch {
	case dir == "":
		return errors.New("-add-user, -remove-user, -set-password and -list-users need -data")
	case n > 1:
		return errors.New("give one of -add-user, -remove-user, -set-password and -list-users")
	}
	st, err := openData(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	switch {
	case a.list:
		users, err := st.Accounts(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			fmt.Fprintln(e.stdout, u)
		}
		return nil
	case a.remove != "":
		if err := server.RemoveAccount(ctx, st, domain, a.remove); err != nil {
			return fmt.Errorf("-remove-user %s: %w", a.remove, notFound(err))
		}
		fmt.Fprintf(e.stdout, "removed %s\n", a.remove)
		return nil
	}
	name, flag := a.add, "-add-user"
	if a.password != "" {
		name, flag = a.password, "-set-password"
	}
	pw, err := readPassword(e.stdin)
	if err != nil {
		return fmt.Errorf("%s %s: %w", flag, name, err)
	}
	if a.add != "" {
		err = server.CreateAccount(ctx, st, name, pw, 0)
	} else {
		err = server.SetPassword(ctx, st, name, pw, 0)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", flag, name, notFound(err))
	}
	fmt.Fprintf(e.stdout, "%s: done for %s\n", flag, name)
	return nil
}

// notFound words store.ErrNotFound for people.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errors.New("no such account")
	}
	return err
}

// readPassword reads the password from the first line of r.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input")
	}
	return pw, nil
}
