package interop

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
)

// TestMAM sends chat messages both ways between alice and carol, then
// reads alice's archive of her conversation with carol back in pages of
// two (XEP-0313 with XEP-0059) and checks that it holds what was sent, in
// order, with senders and archive times. Both servers are configured to
// archive everything (Prosody: default_archive_policy = true; ejabberd:
// mod_mam default: always). Other tests' messages may be in the archive
// too: only this run's, told by a tag in the body, are compared.
func TestMAM(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMAM) {
			return
		}
		arrived := make(chan string, 16)
		count := mux.New(mux.Message(stanza.ChatMessage, bodyName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			arrived <- st.Header.From.Bare().String()
			return nil
		})))
		h := &mam.Handler{}
		alice := srv.loginAs(t, "alice", "", mux.New(h.Handle(), mux.Message(stanza.ChatMessage, bodyName, count)))
		carol := srv.loginAs(t, "carol", "", count)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()

		start := time.Now().Add(-2 * time.Second)
		tag := fmt.Sprintf("mam-%d", time.Now().UnixNano())
		type sent struct{ from, body string }
		var want []sent
		for i := range 5 {
			from, to, user := alice, carol, "alice"
			if i%2 == 1 {
				from, to, user = carol, alice, "carol"
			}
			body := fmt.Sprintf("%s %d", tag, i)
			if err := from.Send(ctx, message.Chat(to.LocalAddr(), body)); err != nil {
				t.Fatal(err)
			}
			want = append(want, sent{bareJID(t, user).String(), body})
			select {
			case <-arrived: // archived before it was delivered
			case <-ctx.Done():
				t.Fatalf("message %d did not arrive", i)
			}
		}

		var got []sent
		results := 0
		filter := mam.Filter{With: bareJID(t, "carol"), Start: start}
		for r, err := range h.Query(ctx, alice.Session, bareJID(t, "alice"), filter, paging.Request{Max: 2}) {
			if err != nil {
				t.Fatalf("after %d results: %v", results, err)
			}
			results++
			if r.ID == "" || r.Time.IsZero() || r.Time.Before(start.Add(-time.Second)) {
				t.Errorf("result %d: id %q, time %v; want an id and a time after %v", results, r.ID, r.Time, start)
			}
			body, ok := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
			if !ok || !strings.HasPrefix(body.Text(), tag) {
				continue
			}
			from, err := r.Forwarded.Header()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, sent{from.From.Bare().String(), body.Text()})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s archived\n%v\nwant\n%v", srv.name, got, want)
		}
		t.Logf("%s: %d results in the archive since the test started", srv.name, results)

		// Catching up from the second message's archive id gives the rest.
		var ids []string
		for r, err := range h.Query(ctx, alice.Session, jid.JID{}, filter, paging.Request{Max: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			if body, ok := r.Forwarded.Stanza.Child(stanza.NSClient, "body"); ok && strings.HasPrefix(body.Text(), tag) {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) != len(want) {
			t.Fatalf("%d archive ids, want %d", len(ids), len(want))
		}
		var rest []string
		for r, err := range h.Since(ctx, alice.Session, ids[1], 2) {
			if err != nil {
				t.Fatal(err)
			}
			if body, ok := r.Forwarded.Stanza.Child(stanza.NSClient, "body"); ok && strings.HasPrefix(body.Text(), tag) {
				rest = append(rest, body.Text())
			}
		}
		if fmt.Sprint(rest) != fmt.Sprint([]string{want[2].body, want[3].body, want[4].body}) {
			t.Errorf("since %s: %v, want the last three", ids[1], rest)
		}
	})
}
