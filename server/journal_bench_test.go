package server_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkRosterSetSQLite is roster sets on an SQLite store, each
// answered once durable: 8 users send them at once (one set in flight
// each), so the journal can commit several in one transaction. It
// reports sets per second.
func BenchmarkRosterSetSQLite(b *testing.B) {
	const users = 8
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "canto.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	names := map[string]string{}
	for i := range users {
		names[fmt.Sprintf("u%d", i)] = "pw"
	}
	srv := newServer(b, server.Config{Store: st, Users: names})
	defer srv.Close()
	clients := make([]*client, users)
	for i := range users {
		c, err := tryLogin(srv, fmt.Sprintf("u%d", i), "pw", "bench")
		if err != nil {
			b.Fatal(err)
		}
		c.t = b
		defer c.close()
		clients[i] = c
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	per := (b.N + users - 1) / users
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range per {
				q := xmpptest.ElementIn(b, "jabber:client", fmt.Sprintf("<query xmlns='jabber:iq:roster'><item jid='c%d-%d@example.test'/></query>", i, n%500))
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_, err := c.sess.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, q)
				cancel()
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(per*users)/time.Since(start).Seconds(), "sets/s")
}
