package disco_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// rooms returns n items of a chat service.
func rooms(n int) []disco.Item {
	out := make([]disco.Item, n)
	for i := range out {
		out[i] = disco.Item{JID: jid.MustParse(fmt.Sprintf("room%d@chat.example.net", i)), Name: "Room " + strconv.Itoa(i)}
	}
	return out
}

func collect(ctx context.Context, s *xmpp.Session, to jid.JID, node string) ([]disco.Item, error) {
	var out []disco.Item
	for it, err := range disco.Items(ctx, s, to, node) {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}

// TestItems lists items in both directions from Handlers that do not page.
func TestItems(t *testing.T) {
	clientItems := []disco.Item{{JID: jid.MustParse("juliet@example.net/balcony"), Node: "music", Name: "Playlist"}}
	serverItems := rooms(3)
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(disco.Handler{Items: clientItems}.Handle()), mux.New(disco.Handler{Items: serverItems}.Handle())))
	ctx := testContext(t)
	for _, tc := range []struct {
		name string
		s    *xmpp.Session
		want []disco.Item
	}{
		{"client lists server", client, serverItems},
		{"server lists client", server, clientItems},
	} {
		got, err := collect(ctx, tc.s, tc.s.RemoteAddr(), "")
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	if got, err := collect(ctx, client, jid.JID{}, "nowhere"); !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
		t.Errorf("unknown node: got %v, %v", got, err)
	}
}

// selfPager is a responder that pages on its own, pageSize items at a time,
// as a large chat service may; its UIDs are the rooms' JIDs.
func selfPager(all []disco.Item, pageSize int, stuck bool) mux.IQResponderFunc {
	return func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
		q, _ := st.Element.Child(disco.NSItems, "query")
		lo := 0
		if set, ok := q.Child("http://jabber.org/protocol/rsm", "set"); ok && !stuck {
			if after, ok := set.Child("http://jabber.org/protocol/rsm", "after"); ok {
				for i, it := range all {
					if it.JID.String() == after.Text() {
						lo = i + 1
					}
				}
			}
		}
		hi := min(lo+pageSize, len(all))
		return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			_ = w.Start(disco.ItemsName)
			for _, it := range all[lo:hi] {
				_ = w.Start(xmlName(disco.NSItems, "item"), xmlAttr("jid", it.JID.String()), xmlAttr("name", it.Name))
				_ = w.End()
			}
			_ = w.Start(xmlName("http://jabber.org/protocol/rsm", "set"))
			if lo < hi {
				_ = textEl(w, "first", all[lo].JID.String())
				_ = textEl(w, "last", all[hi-1].JID.String())
			}
			_ = textEl(w, "count", strconv.Itoa(len(all)))
			_ = w.End()
			return w.End()
		}), nil
	}
}

// TestItemsFollowsPaging: a responder that pages by itself is followed
// page by page with <after/>, and stopping the loop stops asking.
func TestItemsFollowsPaging(t *testing.T) {
	all := rooms(10)
	asked := 0
	pager := selfPager(all, 3, false)
	counting := mux.IQResponderFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
		asked++
		return pager(ctx, s, st)
	})
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(mux.Get(disco.ItemsName, counting))))
	ctx := testContext(t)
	got, err := collect(ctx, client, jid.JID{}, "")
	if err != nil || !reflect.DeepEqual(got, all) {
		t.Fatalf("got %v, %v; want all ten rooms", got, err)
	}
	if asked != 4 {
		t.Errorf("asked %d times for 10 items in pages of 3, want 4", asked)
	}
	asked = 0
	for range disco.Items(ctx, client, jid.JID{}, "") {
		break
	}
	if asked != 1 {
		t.Errorf("asked %d times when the loop stopped at the first item, want 1", asked)
	}
}

// TestItemsStalledPaging: a responder that hands out the same page again
// ends the iteration with ErrPagingStalled instead of looping.
func TestItemsStalledPaging(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(mux.Get(disco.ItemsName, selfPager(rooms(10), 3, true)))))
	got, err := collect(testContext(t), client, jid.JID{}, "")
	if !errors.Is(err, disco.ErrPagingStalled) || len(got) != 3 {
		t.Errorf("got %d items, %v; want 3 and ErrPagingStalled", len(got), err)
	}
}

// TestHandlerPaging asks the Handler for pages with XEP-0059 result sets.
func TestHandlerPaging(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(disco.Handler{Items: rooms(5)}.Handle())))
	ctx := testContext(t)
	for _, tc := range []struct {
		name    string
		set     string
		want    []int // positions of the items returned
		wantSet string
		wantErr stanza.Condition
	}{
		{"first page", `<max>2</max>`, []int{0, 1}, `<first index="0">0</first><last>1</last><count>5</count>`, ""},
		{"after", `<max>2</max><after>1</after>`, []int{2, 3}, `<first index="2">2</first><last>3</last><count>5</count>`, ""},
		{"last partial page", `<max>2</max><after>3</after>`, []int{4}, `<first index="4">4</first><last>4</last><count>5</count>`, ""},
		{"after the end", `<max>2</max><after>4</after>`, nil, `<count>5</count>`, ""},
		{"before", `<max>2</max><before>3</before>`, []int{1, 2}, `<first index="1">1</first><last>2</last><count>5</count>`, ""},
		{"last page", `<max>2</max><before/>`, []int{3, 4}, `<first index="3">3</first><last>4</last><count>5</count>`, ""},
		{"index", `<max>3</max><index>1</index>`, []int{1, 2, 3}, `<first index="1">1</first><last>3</last><count>5</count>`, ""},
		{"count only", `<max>0</max>`, nil, `<count>5</count>`, ""},
		{"no max", `<after>2</after>`, []int{3, 4}, `<first index="3">3</first><last>4</last><count>5</count>`, ""},
		{"unknown uid", `<max>2</max><after>room1@chat.example.net</after>`, nil, "", stanza.ItemNotFound},
		{"uid out of range", `<max>2</max><after>5</after>`, nil, "", stanza.ItemNotFound},
		{"non-canonical uid", `<after>01</after>`, nil, "", stanza.ItemNotFound},
		{"bad max", `<max>-1</max>`, nil, "", stanza.BadRequest},
		{"bad index", `<index>x</index>`, nil, "", stanza.BadRequest},
		{"after and before", `<after>1</after><before>3</before>`, nil, "", stanza.BadRequest},
	} {
		el, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, rawPayload(
			`<query xmlns='http://jabber.org/protocol/disco#items'><set xmlns='http://jabber.org/protocol/rsm'>`+tc.set+`</set></query>`))
		if tc.wantErr != "" {
			if !errors.Is(err, stanza.Error{Condition: tc.wantErr}) {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		q, _ := el.Child(disco.NSItems, "query")
		var got []int
		for c := range q.Children() {
			if c.Name().Local == "item" {
				n, _ := strconv.Atoi(c.Attr("name")[len("Room "):])
				got = append(got, n)
			}
		}
		set, _ := q.Child("http://jabber.org/protocol/rsm", "set")
		var setOut bytes.Buffer
		sw := xmlstream.NewWriter(&setOut)
		sw.SetDefaultNS("http://jabber.org/protocol/rsm")
		for c := range set.Children() {
			if err := c.WriteXML(sw.Encoder()); err != nil {
				t.Fatal(err)
			}
		}
		_ = sw.Flush()
		gotSet := setOut.String()
		if !reflect.DeepEqual(got, tc.want) || gotSet != tc.wantSet {
			t.Errorf("%s: got items %v, set %s; want %v, %s", tc.name, got, gotSet, tc.want, tc.wantSet)
		}
	}
}

func TestItemsDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		resp string
		want error
	}{
		{"item without jid", `<query xmlns='http://jabber.org/protocol/disco#items'><item name='x'/></query>`, disco.ErrItem},
		{"item with a bad jid", `<query xmlns='http://jabber.org/protocol/disco#items'><item jid='a@b@c'/></query>`, disco.ErrItem},
		{"no query", ``, disco.ErrNotItems},
		{"result set without last", `<query xmlns='http://jabber.org/protocol/disco#items'><item jid='a@b'/><set xmlns='http://jabber.org/protocol/rsm'><first>a</first></set></query>`, paging.ErrMalformed},
	} {
		answer := mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			if tc.resp == "" {
				return nil, nil // an empty result
			}
			return xmpptest.Element(t, tc.resp), nil
		})
		client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(mux.Get(disco.ItemsName, answer))))
		if _, err := collect(testContext(t), client, jid.JID{}, ""); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}
