package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// An SQLite store for a server, with an account created before the server
// starts (as `xmpp serve -data DIR -add-user` does).
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "canto")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "canto.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close() // after the server's Close
	if err := server.CreateAccount(ctx, st, "Juliet", "r0meo", 0); err != nil {
		fmt.Println(err)
		return
	}
	srv, err := server.New(server.Config{Domain: "capulet.example", Store: st})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	users, _ := st.Accounts(ctx)
	fmt.Println(users)
	// Output:
	// [juliet]
}
