package roster_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// fakeServer answers roster gets and sets the way RFC 6121 §2 says, with
// a version that counts the changes, and records the requests' ver.
type fakeServer struct {
	mu   sync.Mutex
	r    roster.Roster
	vers []string // the ver of each get, "<none>" when absent
}

func (f *fakeServer) get(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q, _ := req.Element.Child(roster.NS, "query")
	ver, ok := q.AttrNS("", "ver")
	if !ok {
		ver = "<none>"
	}
	f.vers = append(f.vers, ver)
	if ok && ver == f.r.Ver {
		return nil, nil // up to date: an empty result (§2.6.3)
	}
	return f.r, nil
}

func (f *fakeServer) set(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q, _ := req.Element.Child(roster.NS, "query")
	el, _ := q.Child(roster.NS, "item")
	it, err := roster.ParseItem(el)
	if err != nil {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	if _, ok := f.r.Lookup(it.JID); !ok && it.Subscription == roster.SubRemove {
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	f.r = f.r.Apply(it, "v"+string(rune('0'+len(f.vers)+len(f.r.Items))))
	return nil, nil
}

func rosterPair(t *testing.T, client xmpp.Handler, versioning bool) (*xmpp.Session, *xmpp.Session, *fakeServer) {
	f := &fakeServer{r: roster.Roster{Ver: "v1", Items: []roster.Item{{JID: juliet, Name: "Juliet", Subscription: roster.SubBoth, Groups: []string{"Friends"}}}}}
	opts := xmpptest.Handlers(client, mux.New(mux.Get(roster.Name, mux.IQResponderFunc(f.get)), mux.Set(roster.Name, mux.IQResponderFunc(f.set))))
	if versioning {
		opts.ClientFeatures = []xmpp.StreamFeature{roster.Feature()}
		opts.ServerFeatures = []xmpp.StreamFeature{roster.Feature()}
	}
	c, s := xmpptest.Pair(t, opts)
	return c, s, f
}

// TestGetVersioning gets the roster with and without versioning, and with
// a kept version that is current (an empty result gives it back) or not.
func TestGetVersioning(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	kept := roster.Roster{Ver: "v1", Items: []roster.Item{{JID: juliet, Name: "kept", Subscription: roster.SubBoth}}}
	for _, tc := range []struct {
		name       string
		versioning bool
		have       roster.Roster
		wantName   string // of juliet's item: "kept" when the kept copy came back
		wantVer    string // what the request carried
	}{
		{"no versioning: ver not sent", false, kept, "Juliet", "<none>"},
		{"versioning, nothing kept", true, roster.Roster{}, "Juliet", ""},
		{"versioning, kept is current", true, kept, "kept", "v1"},
		{"versioning, kept is old", true, roster.Roster{Ver: "v0"}, "Juliet", "v0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s, f := rosterPair(t, nil, tc.versioning)
			if roster.VersioningOffered(c) != tc.versioning || roster.VersioningOffered(s) != tc.versioning {
				t.Fatalf("VersioningOffered = %v, %v; want %v", roster.VersioningOffered(c), roster.VersioningOffered(s), tc.versioning)
			}
			got, err := roster.Get(ctx, c, tc.have)
			if err != nil {
				t.Fatal(err)
			}
			it, ok := got.Lookup(juliet)
			if !ok || it.Name != tc.wantName || got.Ver != "v1" || len(got.Items) != 1 {
				t.Errorf("got %+v", got)
			}
			if !reflect.DeepEqual(f.vers, []string{tc.wantVer}) {
				t.Errorf("requests carried ver %q, want %q", f.vers, tc.wantVer)
			}
		})
	}
}

// TestSetRemove adds, renames and removes a contact; only JID, name and
// groups go on the wire, and removing an unknown contact is item-not-found.
func TestSetRemove(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, f := rosterPair(t, nil, true)
	steps := []struct {
		name    string
		do      func() error
		want    []roster.Item
		wantErr error
	}{
		{"add", func() error {
			return roster.Set(ctx, c, roster.Item{JID: nurse, Name: "Nurse", Groups: []string{"Servants"}, Subscription: roster.SubBoth, Ask: true, Approved: true})
		}, []roster.Item{{JID: juliet, Name: "Juliet", Subscription: roster.SubBoth, Groups: []string{"Friends"}}, {JID: nurse, Name: "Nurse", Subscription: roster.SubNone, Groups: []string{"Servants"}}}, nil},
		{"remove", func() error { return roster.Remove(ctx, c, juliet) },
			[]roster.Item{{JID: nurse, Name: "Nurse", Subscription: roster.SubNone, Groups: []string{"Servants"}}}, nil},
		{"remove unknown", func() error { return roster.Remove(ctx, c, juliet) }, nil, stanza.Error{Condition: stanza.ItemNotFound}},
		{"set without jid", func() error { return roster.Set(ctx, c, roster.Item{Name: "x"}) }, nil, roster.ErrNoJID},
		{"remove without jid", func() error { return roster.Remove(ctx, c, jid.JID{}) }, nil, roster.ErrNoJID},
	}
	for _, st := range steps {
		err := st.do()
		if !errors.Is(err, st.wantErr) || (err == nil) != (st.wantErr == nil) {
			t.Fatalf("%s: %v, want %v", st.name, err, st.wantErr)
		}
		if st.want == nil {
			continue
		}
		f.mu.Lock()
		got := f.r.Items
		f.mu.Unlock()
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: server has %+v, want %+v", st.name, got, st.want)
		}
	}
}
