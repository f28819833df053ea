package server_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkRouteMessageArchiveSQLiteParallel is
// BenchmarkRouteMessageArchiveSQLite with 8 senders at once, each to a
// recipient of its own: the archive's writes of all of them share the
// store's one writer, so what it costs is how they share it.
func BenchmarkRouteMessageArchiveSQLiteParallel(b *testing.B) {
	const senders = 8
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "canto.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cfg := unshaped
	cfg.Store = st
	cfg.ArchiveMaxMessages = 10000
	cfg.Users = map[string]string{}
	for i := range senders {
		cfg.Users[fmt.Sprint("s", i)], cfg.Users[fmt.Sprint("d", i)] = "pw", "pw"
	}
	srv := newServer(b, cfg)
	defer srv.Close()
	type pair struct{ from, to *client }
	pairs := make([]pair, senders)
	for i := range pairs {
		for j, c := range []**client{&pairs[i].from, &pairs[i].to} {
			user := fmt.Sprint([]string{"s", "d"}[j], i)
			if *c, err = tryLogin(srv, user, "pw", "r"); err != nil {
				b.Fatalf("login %s: %v", user, err)
			}
			(*c).t = b
			b.Cleanup((*c).close)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for i, p := range pairs {
		n := b.N / senders
		if i < b.N%senders {
			n++
		}
		msg := xmpptest.ElementIn(b, "jabber:client", fmt.Sprintf("<message to='d%d@example.test/r' type='chat'><body>Wherefore art thou?</body></message>", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				if err := p.from.sess.Send(ctx, msg); err != nil {
					errs <- err
					return
				}
				<-p.to.in
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}
