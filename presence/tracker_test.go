package presence_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func avail(from string, prio int8, show presence.Show) presence.Presence {
	return presence.Presence{Header: stanza.Presence{From: jid.MustParse(from)}, Priority: prio, Show: show}
}

func gone(from string) presence.Presence {
	return presence.Presence{Header: stanza.Presence{From: jid.MustParse(from), Type: stanza.UnavailablePresence}}
}

// TestTrackerUpdate runs sequences of presence through a tracker limited
// to three resources per contact and checks Online after each.
func TestTrackerUpdate(t *testing.T) {
	r := func(j string, prio int8, show presence.Show) presence.Resource {
		return presence.Resource{JID: jid.MustParse(j), Priority: prio, Show: show}
	}
	for _, tc := range []struct {
		name string
		in   []presence.Presence
		want []presence.Resource // of romeo@example.net
	}{
		{"one", []presence.Presence{avail("romeo@example.net/a", 0, "")}, []presence.Resource{r("romeo@example.net/a", 0, "")}},
		{"sorted by priority, equal ones oldest first",
			[]presence.Presence{avail("romeo@example.net/a", 0, ""), avail("romeo@example.net/b", 5, presence.Away), avail("romeo@example.net/c", 0, ""), avail("romeo@example.net/d", -1, "")},
			// the fourth, of lowest priority, is beyond the limit of three
			[]presence.Resource{r("romeo@example.net/b", 5, presence.Away), r("romeo@example.net/a", 0, ""), r("romeo@example.net/c", 0, "")}},
		{"an update replaces and re-sorts",
			[]presence.Presence{avail("romeo@example.net/a", 0, ""), avail("romeo@example.net/b", 5, ""), avail("romeo@example.net/a", 9, presence.DND)},
			[]presence.Resource{r("romeo@example.net/a", 9, presence.DND), r("romeo@example.net/b", 5, "")}},
		{"unavailable removes one",
			[]presence.Presence{avail("romeo@example.net/a", 0, ""), avail("romeo@example.net/b", 1, ""), gone("romeo@example.net/b")},
			[]presence.Resource{r("romeo@example.net/a", 0, "")}},
		{"unavailable from the bare JID removes all",
			[]presence.Presence{avail("romeo@example.net/a", 0, ""), avail("romeo@example.net/b", 1, ""), gone("romeo@example.net")}, nil},
		{"unavailable for an unknown resource",
			[]presence.Presence{avail("romeo@example.net/a", 0, ""), gone("romeo@example.net/z")}, []presence.Resource{r("romeo@example.net/a", 0, "")}},
		{"other contacts do not mix",
			[]presence.Presence{avail("romeo@example.net/a", 0, ""), avail("juliet@example.com/a", 3, "")}, []presence.Resource{r("romeo@example.net/a", 0, "")}},
		{"limit: a lower priority is dropped",
			[]presence.Presence{avail("romeo@example.net/a", 3, ""), avail("romeo@example.net/b", 2, ""), avail("romeo@example.net/c", 1, ""), avail("romeo@example.net/d", 0, "")},
			[]presence.Resource{r("romeo@example.net/a", 3, ""), r("romeo@example.net/b", 2, ""), r("romeo@example.net/c", 1, "")}},
		{"limit: a higher priority replaces the lowest",
			[]presence.Presence{avail("romeo@example.net/a", 3, ""), avail("romeo@example.net/b", 2, ""), avail("romeo@example.net/c", 1, ""), avail("romeo@example.net/d", 5, "")},
			[]presence.Resource{r("romeo@example.net/d", 5, ""), r("romeo@example.net/a", 3, ""), r("romeo@example.net/b", 2, "")}},
		{"subscription types are ignored",
			[]presence.Presence{{Header: stanza.Presence{From: jid.MustParse("romeo@example.net/a"), Type: stanza.SubscribePresence}}}, nil},
	} {
		tr := presence.Tracker{MaxResources: 3}
		for _, p := range tc.in {
			tr.Update(p)
		}
		if got := tr.Online(jid.MustParse("romeo@example.net/any")); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Online = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestTrackerSession registers a tracker on a client and has the server
// send it presence, valid and not.
func TestTrackerSession(t *testing.T) {
	var tr presence.Tracker
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(tr.Handle()), nil))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, raw := range []string{
		`<presence from='romeo@example.net/orchard'><show>chat</show><status>here</status><priority>2</priority></presence>`,
		`<presence from='romeo@example.net/car'><priority>50000</priority></presence>`, // invalid: ignored
		`<presence from='romeo@example.net/phone'/>`,
		`<presence from='nurse@example.com/kitchen'/>`,
		`<presence from='nurse@example.com/kitchen' type='unavailable'/>`,
		`<presence/>`, // no sender: nothing to track
	} {
		if err := server.Send(ctx, xmpptest.ElementIn(t, "jabber:client", raw)); err != nil {
			t.Fatal(err)
		}
	}
	want := []presence.Resource{
		{JID: jid.MustParse("romeo@example.net/orchard"), Show: presence.Chat, Status: []presence.Status{{Text: "here"}}, Priority: 2},
		{JID: jid.MustParse("romeo@example.net/phone")},
	}
	deadline := time.Now().Add(5 * time.Second)
	for !reflect.DeepEqual(tr.Online(jid.MustParse("romeo@example.net")), want) || len(tr.Contacts()) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("Online = %+v, want %+v", tr.Online(jid.MustParse("romeo@example.net")), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := tr.Contacts(); len(got) != 1 || got[0].String() != "romeo@example.net" {
		t.Errorf("Contacts = %v", got)
	}
	tr.Reset()
	if got := tr.Online(jid.MustParse("romeo@example.net")); got != nil {
		t.Errorf("after Reset: %v", got)
	}
	_ = client
}
