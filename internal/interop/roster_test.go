package interop

import (
	"context"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

var rosterItemName = xml.Name{Space: nsRoster, Local: "item"}

// rosterEntry is one roster item as the tests compare it.
type rosterEntry struct {
	jid, name, subscription, groups string
}

// parseRoster lists the items of a roster query (RFC 6121 §2.1.2).
func parseRoster(q *xmlstream.Element) []rosterEntry {
	var items []rosterEntry
	for it := range q.Children() {
		if it.Name() != rosterItemName {
			continue
		}
		var groups []string
		for g := range it.Children() {
			groups = append(groups, g.Text())
		}
		slices.Sort(groups)
		items = append(items, rosterEntry{jid: it.Attr("jid"), name: it.Attr("name"),
			subscription: it.Attr("subscription"), groups: strings.Join(groups, ",")})
	}
	return items
}

// TestRoster fetches the roster, adds an item, sees the roster push and
// the item in the next fetch, then removes it (RFC 6121 §2.1.3, §2.3, §2.5).
func TestRoster(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		pushes := make(chan []rosterEntry, 4)
		alice := bareJID(t, "alice")
		h := mux.New(mux.Set(rosterName, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
			// A push comes from the account itself (RFC 6121 §2.1.6).
			if from := st.Header.From; !from.IsZero() && from != alice {
				return nil, stanza.NewError(stanza.ServiceUnavailable)
			}
			q, _ := st.Element.Child(nsRoster, "query")
			pushes <- parseRoster(q)
			return nil, nil
		})))
		sess := srv.loginAs(t, "alice", "", h)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		carol := bareJID(t, "carol")
		fetch := func() []rosterEntry {
			t.Helper()
			res, err := sess.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, empty(rosterName))
			if err != nil {
				t.Fatalf("roster get: %v", err)
			}
			q, ok := res.Child(nsRoster, "query")
			if !ok {
				t.Fatalf("roster result without a query")
			}
			return parseRoster(q)
		}
		set := func(item rosterItem) {
			t.Helper()
			if _, err := sess.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, item); err != nil {
				t.Fatalf("roster set %+v: %v", item, err)
			}
		}
		expectPush := func(want []rosterEntry) {
			t.Helper()
			select {
			case got := <-pushes:
				if !slices.Equal(got, want) {
					t.Errorf("roster push %+v, want %+v", got, want)
				}
			case <-ctx.Done():
				t.Fatalf("no roster push for %+v", want)
			}
		}
		if items := fetch(); len(items) != 0 {
			t.Fatalf("a new account's roster has %+v", items)
		}
		added := rosterEntry{jid: carol.String(), name: "Carol <3", subscription: "none", groups: "Friends,Work"}
		set(rosterItem{jid: carol, name: added.name, groups: []string{"Work", "Friends"}})
		expectPush([]rosterEntry{added})
		if got := fetch(); !slices.Equal(got, []rosterEntry{added}) {
			t.Errorf("roster %+v, want %+v", got, []rosterEntry{added})
		}
		set(rosterItem{jid: carol, remove: true})
		expectPush([]rosterEntry{{jid: carol.String(), subscription: "remove"}})
		if got := fetch(); len(got) != 0 {
			t.Errorf("roster after the removal: %+v", got)
		}
	})
}
